import type { Report } from '../report/schema';
import { incompatibilities } from './comparable';

/** What the search needs of a saved run (RunStore.list() holds whole reports). */
export interface SavedRun {
  /** The run file (URI or path): how the result names it. */
  id: string;
  report: Pick<Report, 'scenario' | 'languages' | 'pivot' | 'dataset' | 'model' | 'createdAt'> & { perQuery?: unknown[]; kind?: string };
}

/** Source options that change how a model runs, not what it computes. */
const EXECUTION_OPTIONS = new Set(['batchTokens', 'threads', 'cache', 'keyEnv']);

/**
 * One key per model, whatever spelling a run recorded: a checkpoint by its folder (the engine
 * records it in `settings.checkpoint`, or the source names `checkpoint:<dir>`); any other source
 * with its options sorted, less those that only change execution (the extension appends
 * `dtype` and `batchTokens` to Hugging Face ids) and `dtype=fp32`, the default. So
 * `builtin:char-ngram?dim=512` and `org/m?dtype=q8` stay models of their own.
 */
export function modelKey(model: { source: string; settings?: Record<string, unknown> }): string {
  const dir = model.settings?.checkpoint;
  if (typeof dir === 'string' && dir) return checkpointKey(dir);
  const s = model.source.trim();
  if (s.startsWith('checkpoint:')) return checkpointKey(s.slice('checkpoint:'.length));
  const q = s.lastIndexOf('?');
  if (q < 0) return s;
  const kept = s
    .slice(q + 1)
    .split('&')
    .filter((kv) => kv !== '' && kv !== 'dtype=fp32' && !EXECUTION_OPTIONS.has(kv.split('=')[0]))
    .sort();
  return kept.length ? `${s.slice(0, q)}?${kept.join('&')}` : s.slice(0, q);
}

/** Key of a checkpoint folder (an absolute path). */
export function checkpointKey(dir: string): string {
  return `checkpoint:${dir.replace(/\\/g, '/').replace(/\/+$/, '')}`;
}

export type PairSearch =
  | { found: true; a: SavedRun; b: SavedRun }
  | {
      found: false;
      /** Runs per model that could be paired (retrieval runs with per-query records). */
      runsA: number;
      runsB: number;
      /** One sentence: what is missing. */
      message: string;
      /** When both models have runs: what separates the newest run of each. */
      differs?: string[];
    };

const pairable = (r: SavedRun) => r.report.kind !== 'bitext' && r.report.scenario !== undefined && (r.report.perQuery?.length ?? 0) > 0;

/**
 * The latest comparable runs of model A and model B: among every pair of their saved retrieval
 * runs that Compare accepts (same dataset, scenario, pivot and query languages, per-query records
 * kept), the one whose newer run is newest, then whose older run is newest. When there is none,
 * says what is missing.
 */
export function latestComparablePair(runs: readonly SavedRun[], keyA: string, keyB: string, names: { a: string; b: string } = { a: 'A', b: 'B' }): PairSearch {
  const newestFirst = (xs: SavedRun[]) => xs.sort((x, y) => y.report.createdAt.localeCompare(x.report.createdAt));
  const ofA = newestFirst(runs.filter((r) => modelKey(r.report.model) === keyA && pairable(r)));
  const ofB = newestFirst(runs.filter((r) => modelKey(r.report.model) === keyB && pairable(r)));
  let best: { a: SavedRun; b: SavedRun; newer: string; older: string } | undefined;
  for (const a of ofA)
    for (const b of ofB) {
      if (incompatibilities(a.report, b.report).length > 0) continue;
      const [older, newer] = [a.report.createdAt, b.report.createdAt].sort();
      if (!best || newer > best.newer || (newer === best.newer && older > best.older)) best = { a, b, newer, older };
    }
  if (best) return { found: true, a: best.a, b: best.b };
  const none = [ofA.length === 0 ? names.a : '', ofB.length === 0 ? names.b : ''].filter(Boolean);
  if (none.length > 0)
    return {
      found: false,
      runsA: ofA.length,
      runsB: ofB.length,
      message: `No saved retrieval run with per-query records of ${none.join(' nor of ')}: evaluate ${none.length === 2 ? 'both' : 'it'} on the same dataset and scenario.`,
    };
  return {
    found: false,
    runsA: ofA.length,
    runsB: ofB.length,
    message: `None of the ${ofA.length} run(s) of ${names.a} shares dataset, scenario and query languages with the ${ofB.length} run(s) of ${names.b}: evaluate one on the other's setting.`,
    differs: incompatibilities(ofA[0].report, ofB[0].report),
  };
}
