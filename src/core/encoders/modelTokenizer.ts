import * as fs from 'node:fs';
import * as path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { modelCacheDir } from './cache/paths';
import { parseModelSource, type SourceOptions } from './sources';
import { hubFolder } from './transformers/hub';
import { readOptionalJson } from './transformers/modelFolder';
import { modelMaxLength } from './transformers/tokenize';
import { tjsLoadError, withTransformersEnv } from './transformers/tjsEnv';

/** Token counts of texts under a model's tokenizer (special tokens included, nothing cut). */
export interface TokenCounter {
  model: string;
  /** The longest input the model takes; longer texts are truncated when encoded. */
  maxLength: number;
  count(text: string): number;
}

export type ModelTokenizer = { kind: 'model'; counter: TokenCounter } | { kind: 'none'; model: string; reason: string };

/**
 * The tokenizer of a model source, for length statistics, without loading the model or touching
 * the network: local folders and Hugging Face models already in XLens's cache have one; the
 * built-in char-ngram encoder, precomputed vectors and servers do not (the reason says so).
 */
export async function openModelTokenizer(source: string, opts: SourceOptions = {}): Promise<ModelTokenizer> {
  const model = source.trim();
  const none = (reason: string): ModelTokenizer => ({ kind: 'none', model, reason });
  const src = parseModelSource(model, opts);
  if (src.kind === 'builtin') return none('the built-in char-ngram encoder has no tokenizer: lengths are counted in characters and whitespace-separated words');
  if (src.kind === 'precomputed') return none('precomputed vectors come without a tokenizer');
  if (src.kind === 'openai' || src.kind === 'tei') return none(`the tokenizer of a ${src.kind} server is not known here`);
  const modelsDir = modelCacheDir(opts.cacheDir);
  const dir = src.kind === 'local' ? src.path : hubFolder(modelsDir, src.id, src.revision);
  if (!fs.existsSync(path.join(dir, 'tokenizer.json'))) {
    return none(src.kind === 'local' ? `no tokenizer.json in ${dir}` : `${src.id} is not downloaded yet (evaluate with it once to download it)`);
  }
  const tokenizer = await withTransformersEnv(modelsDir, false, () => AutoTokenizer.from_pretrained(dir, { local_files_only: true })).catch((e: unknown) => {
    throw tjsLoadError(e, path.join(dir, 'tokenizer.json'), 'tokenizer');
  });
  const maxLength = modelMaxLength(tokenizer, readOptionalJson(path.join(dir, 'config.json')) ?? {});
  return { kind: 'model', counter: { model, maxLength, count: (text) => (tokenizer.encode(text) as number[]).length } };
}
