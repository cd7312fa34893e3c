import * as fs from 'node:fs';
import * as path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { modelCacheDir } from './cache/paths';
import { parseModelSource, type SourceOptions } from './sources';
import { hubFolder } from './transformers/hub';
import { readOptionalJson } from './transformers/modelFolder';
import { modelMaxLength } from './transformers/tokenize';
import { tjsLoadError, withTransformersEnv } from './transformers/tjsEnv';
import { throwIfAborted } from '../errors';
import type { TaskOptions } from '../progress';

/** Token counts of texts under a model's tokenizer (special tokens included, nothing cut). */
export interface TokenCounter {
  model: string;
  /** The longest input the model takes; longer texts are truncated when encoded. */
  maxLength: number;
  count(text: string): number;
  /** Counts of many texts, equal to `count` of each (see `countAllTokens`). */
  countAll(texts: readonly string[], opts?: TaskOptions): Promise<{ counts: Int32Array; method: string }>;
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
  const count = (text: string) => (tokenizer.encode(text) as number[]).length;
  const bare = (text: string) => (tokenizer.encode(text, { add_special_tokens: false }) as number[]).length;
  return { kind: 'model', counter: { model, maxLength, count, countAll: (texts, o) => countAllTokens(texts, count, bare, o) } };
}

/** Texts encoded whole to check the word-by-word counts (spread evenly over the corpus). */
export const VERIFY_SAMPLE = 400;

/**
 * Token counts of many texts. Encoding whole sentences with transformers.js costs ~0.4 ms each
 * (several ms on a loaded machine), and corpora repeat words, so each text is counted as the
 * special tokens plus the memoised count of each whitespace-separated word. That equals the
 * whole-text count for tokenizers that split at white space before the model (SentencePiece
 * Metaspace as in XLM-R/e5, BERT WordPiece) but not for all (byte-level BPE keeps the space with
 * the next word). So VERIFY_SAMPLE texts spread over the corpus are also encoded whole: on any
 * difference every text is encoded whole instead. `method` says which counts were returned.
 */
export async function countAllTokens(
  texts: readonly string[],
  count: (text: string) => number,
  bare: (text: string) => number,
  opts: TaskOptions = {},
): Promise<{ counts: Int32Array; method: string }> {
  const n = texts.length;
  const counts = new Int32Array(n);
  const step = Math.max(1, Math.floor(n / VERIFY_SAMPLE));
  const specials = count('a') - bare('a');
  // White space before the first or after the last word may be a token of its own (XLM-R keeps a trailing "▁").
  const lead = count(' a') - count('a');
  const trail = count('a ') - count('a');
  const memo = new Map<string, number>();
  const tick = async (i: number, phase: string) => {
    if (i % 500 !== 0) return;
    throwIfAborted(opts.signal);
    opts.onProgress?.({ phase, done: i, total: n, unit: 'texts' });
    await new Promise<void>((r) => setImmediate(r));
  };
  let verified = 0;
  let wordwise = true;
  for (let i = 0; i < n && wordwise; i++) {
    await tick(i, 'counting tokens');
    const text = texts[i];
    let c = specials;
    if (/\S/u.test(text)) c += (/^\s/u.test(text) ? lead : 0) + (/\s$/u.test(text) ? trail : 0);
    for (const w of text.split(/\s+/u)) {
      if (w === '') continue;
      let k = memo.get(w);
      if (k === undefined) {
        k = bare(w);
        if (memo.size > 1_000_000) memo.clear();
        memo.set(w, k);
      }
      c += k;
    }
    counts[i] = c;
    if (i % step === 0) {
      verified++;
      if (count(text) !== c) wordwise = false;
    }
  }
  if (wordwise) return { counts, method: `word by word (memoised), equal to whole-text counts on all ${verified} texts checked` };
  for (let i = 0; i < n; i++) {
    await tick(i, 'counting tokens (whole texts)');
    counts[i] = count(texts[i]);
  }
  return { counts, method: 'whole texts (word-by-word counts differed for this tokenizer)' };
}
