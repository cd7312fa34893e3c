import * as path from 'node:path';
import { isRetrievalCorpus, type Corpus, type FormatId } from '../data/corpus';
import { canonicalLang } from '../data/languages';
import { parseJsonDocument, readTextFile } from '../data/lines';
import { loadCorpus, type LoadOptions } from '../data/load';
import { UserError } from '../errors';
import { composePool } from './pool';

/** One source of a composed pool, as `pool.json` lists it (paths relative to the file). */
export interface PoolSource {
  data: string;
  format?: FormatId;
  lang?: string;
  split?: string;
}

export interface PoolFile {
  sources: PoolSource[];
  sample?: Record<string, number>;
  seed?: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a `pool.json`: a JSON object with a `sources` array. */
export function isPoolFile(p: string): boolean {
  if (!/\.json$/i.test(p)) return false;
  try {
    const doc = JSON.parse(readTextFile(p)) as unknown;
    return isObj(doc) && Array.isArray(doc.sources);
  } catch {
    return false;
  }
}

/**
 * Reads `pool.json`: `{"sources": [{"data": "miracl-de", "format"?, "lang"?, "split"?}, ...],
 * "sample"?: {"en": 200000}, "seed"?: 1}`; relative paths are resolved against its folder.
 */
export function readPoolFile(file: string): PoolFile {
  const doc = parseJsonDocument(readTextFile(file), file);
  if (!isObj(doc) || !Array.isArray(doc.sources) || doc.sources.length === 0) throw new UserError('a pool file needs a non-empty "sources" array', { file });
  const sources = doc.sources.map((s, i): PoolSource => {
    if (!isObj(s) || typeof s.data !== 'string') throw new UserError(`sources[${i}] needs a "data" path`, { file });
    for (const k of ['format', 'lang', 'split'] as const) if (s[k] !== undefined && typeof s[k] !== 'string') throw new UserError(`sources[${i}].${k} must be a string`, { file });
    return { data: path.resolve(path.dirname(file), s.data), format: s.format as FormatId | undefined, lang: s.lang as string | undefined, split: s.split as string | undefined };
  });
  let sample: Record<string, number> | undefined;
  if (doc.sample !== undefined) {
    if (!isObj(doc.sample)) throw new UserError('"sample" must map languages to counts, e.g. {"en": 200000}', { file });
    sample = {};
    for (const [l, n] of Object.entries(doc.sample)) {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new UserError(`sample.${l} must be a whole number`, { file });
      sample[l] = n;
    }
  }
  if (doc.seed !== undefined && (typeof doc.seed !== 'number' || !Number.isInteger(doc.seed))) throw new UserError('"seed" must be a whole number', { file });
  return { sources, sample, seed: doc.seed as number | undefined };
}

/**
 * The corpus of one or several `--data` sources (or a `pool.json`), composed into one pool and
 * sampled (`--pool-sample`) when asked. One plain source without a sample is loaded as is.
 */
export async function loadPool(
  paths: string[],
  opts: LoadOptions & { sample?: Record<string, number>; seed?: number },
): Promise<Corpus> {
  let sources: PoolSource[] = paths.map((data) => ({ data }));
  let sample = opts.sample;
  let seed = opts.seed;
  if (paths.length === 1 && isPoolFile(paths[0])) {
    const pf = readPoolFile(paths[0]);
    sources = pf.sources;
    sample = { ...pf.sample, ...sample };
    seed = seed ?? pf.seed;
  }
  const canonicalSample = sample && Object.keys(sample).length > 0 ? Object.fromEntries(Object.entries(sample).map(([l, n]) => [canonicalLang(l), n])) : undefined;
  if (sources.length === 1 && !canonicalSample) {
    const s = sources[0];
    return loadCorpus(s.data, { ...opts, format: s.format ?? opts.format, lang: s.lang ?? opts.lang, split: s.split ?? opts.split });
  }
  const loaded = [];
  for (const s of sources) {
    const c = await loadCorpus(s.data, { ...opts, langs: sources.length > 1 ? undefined : opts.langs, format: s.format ?? (sources.length > 1 ? undefined : opts.format), lang: s.lang ?? opts.lang, split: s.split ?? opts.split });
    if (!isRetrievalCorpus(c)) throw new UserError('a composed or sampled pool needs retrieval datasets with qrels (BEIR, MTEB, TREC, MLQA)', { file: s.data });
    loaded.push(c);
  }
  return composePool(loaded, { sample: canonicalSample, seed });
}
