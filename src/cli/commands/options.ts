import type { Corpus, FormatId } from '../../core/data/corpus';
import { parseLangList } from '../../core/data/languages';
import { loadCorpus } from '../../core/data/load';
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { checkOutputPath } from '../../core/util/outputPath';
import type { ParsedArgs } from '../args';
import type { CommandContext } from '../context';
import type { RetrievalBackend } from '../../core/retrieval';

const FORMATS: readonly FormatId[] = ['xquad', 'xquad-r', 'flores', 'sib200', 'tatoeba', 'belebele', 'jsonl', 'csv', 'tsv', 'beir', 'mteb', 'trec', 'mlqa'];
const BACKENDS: readonly RetrievalBackend[] = ['auto', 'native', 'ort', 'ts'];

export function parseFormat(s: string | undefined): FormatId | undefined {
  if (s === undefined) return undefined;
  const f = FORMATS.find((x) => x === s);
  if (!f) throw new UserError(`--format must be one of ${FORMATS.join(', ')}, not "${s}"`);
  return f;
}

export function parseBackend(s: string | undefined): RetrievalBackend {
  if (s === undefined) return 'auto';
  const b = BACKENDS.find((x) => x === s);
  if (!b) throw new UserError(`--backend must be one of ${BACKENDS.join(', ')}, not "${s}"`);
  return b;
}

/**
 * The absolute path of an output flag (`--out`, `--md`), checked before any work starts: not an
 * existing folder (or file, for a folder output), under a writable folder. Missing folders are
 * created when the output is written. Undefined when the flag is absent.
 */
export function outputFlag(args: ParsedArgs, flag: string, cwd: string, kind: 'file' | 'folder' = 'file', example?: string): string | undefined {
  const v = args.flags.get(flag);
  if (v === undefined) return undefined;
  if (v.trim() === '') throw new UserError(`--${flag} needs a path`);
  return checkOutputPath(path.resolve(cwd, v), kind, `--${flag}`, example ?? (flag === 'md' ? 'report.md' : 'report.json'));
}

/**
 * Loads `data` (relative to the working directory) with the shared corpus flags: the format named
 * by `formatFlag` (`--format`, or `--data-format` where `--format` names the output), `--langs`,
 * `--split` and `--allow-skips`; reports skipped rows.
 */
export async function loadCorpusFromFlags(args: ParsedArgs, ctx: CommandContext, data: string, formatFlag: 'format' | 'data-format'): Promise<Corpus> {
  const corpus = await loadCorpus(path.resolve(ctx.cwd, data), {
    format: parseFormat(args.flags.get(formatFlag)),
    langs: args.flags.has('langs') ? parseLangList(args.flags.get('langs')!) : undefined,
    split: args.flags.get('split'),
    allowSkips: args.switches.has('allow-skips'),
    signal: ctx.signal,
    onProgress: ctx.progress,
  });
  ctx.reportSkips(corpus.skipped);
  return corpus;
}
