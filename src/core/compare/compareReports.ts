import type { PerQueryRecord, Report } from '../report/schema';
import { assertComparable } from './comparable';
import { headlineMetrics } from './headline';
import { pairRecords } from './pairing';
import { DEFAULT_TEST, runPairedTests, type PairedStat, type RunTestsOptions } from './pairedTests';
import type { Comparison, ComparedMetric, ComparisonRow, MetricDelta, RunSide } from './types';

export interface CompareOptions extends Partial<RunTestsOptions> {
  /** Significance level for marking a delta better or worse (default 0.05). */
  alpha?: number;
  /** Metric names to test (default: every headline metric both runs have). */
  metrics?: string[];
  /** How the runs are named in error messages (e.g. their file names). */
  names?: { a: string; b: string };
}

/**
 * Compare run B against run A query by query: for each query language and overall, each headline
 * metric's means, b − a, a paired bootstrap interval and a paired test's p-value. Refuses runs of
 * different datasets, scenarios or languages (a UserError names every difference).
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
  const alpha = opts.alpha ?? 0.05;
  const results = await runPairedTests(design, { ...test, confidence, signal: opts.signal, onProgress: opts.onProgress });

  const row = (lang: string, queries: number, stats: Array<PairedStat | undefined>): ComparisonRow => {
    const deltas: Record<string, MetricDelta> = {};
    metrics.forEach((m, j) => {
      const s = stats[j];
      if (s) deltas[m.name] = { ...s, verdict: verdict(m, s, alpha) };
    });
    return { lang, queries, deltas };
  };
  const rows = design.languages.map((lang, l) => row(lang, design.queries[l], results.byLanguage[l]));
  if (design.languages.length > 1) rows.push(row('overall', design.queries.reduce((s, n) => s + n, 0), results.overall));

  const notes: string[] = [];
  if (design.matched === 0) notes.push('No per-query record of A has a match (same query id and task) in B.');
  if (design.onlyA || design.onlyB)
    notes.push(`${design.onlyA} per-query record(s) only in A and ${design.onlyB} only in B were left out; the figures use the ${design.matched} shared ones.`);
  if (a.scenario === 'cross') notes.push('cross: a query\'s values are averaged over its document languages M ≠ L, as in the report.');
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
    test: { ...test, confidence, alpha, unit: 'parallel question (all its translations resampled or flipped together)' },
    pairing: { matched: design.matched, onlyA: design.onlyA, onlyB: design.onlyB },
    notes,
  };
}

function verdict(m: ComparedMetric, s: PairedStat, alpha: number): MetricDelta['verdict'] {
  if (!(s.p < alpha) || s.delta === 0) return 'same';
  return s.delta < 0 === m.lowerIsBetter ? 'better' : 'worse';
}

function side(r: Report, queries: number): RunSide {
  return { model: { name: r.model.name, source: r.model.source, dim: r.model.dim, fingerprint: r.model.fingerprint }, createdAt: r.createdAt, queries };
}

function hasMetric(records: PerQueryRecord[]): (perQuery: string) => boolean {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.metrics)) keys.add(k);
  return (k) => keys.has(k);
}
