import type { PerQueryRecord, Report } from '../report/schema';
import { assertComparable } from './comparable';
import { adjustPValues, DEFAULT_CORRECTION, type Correction } from './correction';
import { headlineMetrics } from './headline';
import { pairRecords, type PairedCell } from './pairing';
import { DEFAULT_TEST, runPairedTests, type PairedStat, type RunTestsOptions } from './pairedTests';
import type { Comparison, ComparedMetric, ComparisonRow, MetricDelta, RunSide } from './types';

export interface CompareOptions extends Partial<RunTestsOptions> {
  /** Significance level for marking a delta better or worse (default 0.05), on corrected p-values. */
  alpha?: number;
  /** Multiple-comparison correction over every cell reported (default Holm–Bonferroni). */
  correction?: Correction;
  /** Metric names to test (default: every headline metric both runs have). */
  metrics?: string[];
  /** How the runs are named in error messages (e.g. their file names). */
  names?: { a: string; b: string };
}

export const DEFAULT_ALPHA = 0.05;

/**
 * Compare run B against run A query by query: for each query language and overall, each headline
 * metric's means, b − a, a paired bootstrap interval, a paired test's p-value, that p-value
 * corrected over every cell reported (Holm by default), and B's wins/ties/losses over queries.
 * A cell is better/worse when its corrected p-value is below alpha. Refuses runs of different
 * datasets, scenarios or languages (a UserError names every difference). The CLI (`xlens
 * compare`) and the Compare panel both call this: one engine.
 */
export async function compareReports(a: Report, b: Report, opts: CompareOptions = {}): Promise<Comparison> {
  assertComparable(a, b, opts.names);
  const recA = a.perQuery!;
  const recB = b.perQuery!;
  let metrics = headlineMetrics(hasMetric(recA), hasMetric(recB));
  if (opts.metrics) metrics = metrics.filter((m) => opts.metrics!.includes(m.name));
  const design = pairRecords(recA, recB, metrics, a.languages);
  const test = {
    method: opts.method ?? DEFAULT_TEST.method,
    samples: opts.samples ?? DEFAULT_TEST.samples,
    seed: opts.seed ?? DEFAULT_TEST.seed,
  };
  const confidence = opts.confidence ?? 0.95;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const correction = opts.correction ?? DEFAULT_CORRECTION;
  const results = await runPairedTests(design, { ...test, confidence, signal: opts.signal, onProgress: opts.onProgress });

  const row = (lang: string, queries: number, stats: Array<PairedStat | undefined>, cells: Array<Array<PairedCell | undefined>>): ComparisonRow => {
    const deltas: Record<string, MetricDelta> = {};
    metrics.forEach((m, j) => {
      const s = stats[j];
      if (s) deltas[m.name] = { ...s, pAdjusted: NaN, ...winsTiesLosses(cells.map((c) => c[j]), m.lowerIsBetter), verdict: 'same' };
    });
    return { lang, queries, deltas };
  };
  const rows = design.languages.map((lang, l) => row(lang, design.queries[l], results.byLanguage[l], [design.cells[l]]));
  if (design.languages.length > 1) rows.push(row('overall', design.queries.reduce((s, n) => s + n, 0), results.overall, design.cells));

  // The family is every cell reported: each language × metric and each metric's overall cell.
  const family = rows.flatMap((r) => metrics.map((m) => r.deltas[m.name]).filter((d): d is MetricDelta => d !== undefined));
  const adjusted = adjustPValues(family.map((d) => d.p), correction);
  family.forEach((d, i) => (d.pAdjusted = adjusted[i]));
  for (const r of rows) for (const m of metrics) if (r.deltas[m.name]) r.deltas[m.name].verdict = verdict(m, r.deltas[m.name], alpha);

  const notes: string[] = [];
  if (design.matched === 0) notes.push('No per-query record of A has a match (same query id and task) in B.');
  if (design.onlyA || design.onlyB)
    notes.push(`${design.onlyA} per-query record(s) only in A and ${design.onlyB} only in B were left out; the figures use the ${design.matched} shared ones.`);
  if (a.scenario === 'cross') notes.push('cross: a query\'s values are averaged over its document languages M ≠ L, as in the report.');
  // A Monte-Carlo p-value is at least 1/(samples + 1); Holm multiplies the smallest by the family size.
  const floor = correction === 'holm' ? family.length / (test.samples + 1) : 1 / (test.samples + 1);
  if (correction !== 'none' && floor >= alpha)
    notes.push(`With ${test.samples} samples no p-value is below 1/(samples + 1), so after ${correction === 'holm' ? 'Holm' : 'Benjamini–Hochberg'} over ${family.length} cells none can reach p adj. < ${alpha}: use more samples (at least ${Math.ceil(family.length / alpha)}).`);
  if (a.model.fingerprint === b.model.fingerprint) notes.push('Both runs used the same model fingerprint.');

  return {
    a: side(a, recA.length),
    b: side(b, recB.length),
    dataset: { name: a.dataset.name, path: a.dataset.path, unit: a.dataset.unit },
    scenario: a.scenario,
    pivot: a.pivot,
    languages: design.languages,
    metrics,
    rows,
    test: { ...test, confidence, alpha, correction, family: family.length, unit: 'parallel question (all its translations resampled or flipped together)' },
    pairing: { matched: design.matched, onlyA: design.onlyA, onlyB: design.onlyB },
    notes,
  };
}

function verdict(m: ComparedMetric, d: MetricDelta, alpha: number): MetricDelta['verdict'] {
  if (!(d.pAdjusted < alpha) || d.delta === 0) return 'same';
  return d.delta < 0 === m.lowerIsBetter ? 'better' : 'worse';
}

/** Differences this small relative to the values are rounding, not a win or a loss. */
const TIE_TOL = 1e-12;

/** B's wins, ties and losses over the paired queries of some cells (by the metric's direction). */
function winsTiesLosses(cells: Array<PairedCell | undefined>, lowerIsBetter: boolean): { wins: number; ties: number; losses: number } {
  let wins = 0;
  let ties = 0;
  let losses = 0;
  for (const c of cells) {
    if (!c) continue;
    for (let i = 0; i < c.a.length; i++) {
      const d = c.b[i] - c.a[i];
      if (Math.abs(d) <= TIE_TOL * Math.max(1, Math.abs(c.a[i]), Math.abs(c.b[i]))) ties++;
      else if (d < 0 === lowerIsBetter) wins++;
      else losses++;
    }
  }
  return { wins, ties, losses };
}

function side(r: Report, queries: number): RunSide {
  return { model: { name: r.model.name, source: r.model.source, dim: r.model.dim, fingerprint: r.model.fingerprint }, createdAt: r.createdAt, queries };
}

function hasMetric(records: PerQueryRecord[]): (perQuery: string) => boolean {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.metrics)) keys.add(k);
  return (k) => keys.has(k);
}
