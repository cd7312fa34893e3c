import { VERSION } from '../version';
import type { Correction } from './correction';
import type { Comparison, RunSide } from './types';

/**
 * The machine-readable result of `xlens compare` (C.json), flat for CI scripts: one entry per
 * reported cell (language × metric, and `overall` × metric), with raw and corrected p-values.
 * `better` names the run that is significantly better in a cell (by the corrected p-value and
 * the metric's direction), or null.
 */
export interface ComparisonRecord {
  tool: 'xlens';
  version: string;
  a: RecordSide;
  b: RecordSide;
  dataset: Comparison['dataset'];
  scenario: string;
  pivot?: string;
  languages: string[];
  test: 'randomization' | 'bootstrap';
  samples: number;
  seed: number;
  correction: Correction;
  alpha: number;
  /** Cells in the correction's family (= cells.length). */
  family: number;
  cells: RecordCell[];
  summary: ComparisonSummary;
  pairing: Comparison['pairing'];
  notes: string[];
}

export interface RecordSide extends RunSide {
  /** The run file as given on the command line. */
  file: string;
}

export interface RecordCell {
  lang: string;
  metric: string;
  lowerIsBetter: boolean;
  queries: number;
  a: number;
  b: number;
  /** b − a */
  delta: number;
  ci: [number, number];
  p: number;
  pAdjusted: number;
  significant: boolean;
  better: 'a' | 'b' | null;
  /** Queries where B beats A, draws, loses (by the metric's direction). */
  wins: number;
  ties: number;
  losses: number;
}

export interface ComparisonSummary {
  cells: number;
  /** Cells with pAdjusted < alpha. */
  significant: number;
  /** Of those, cells where B is better (improvements) and where A is better (regressions of B). */
  betterB: number;
  betterA: number;
  /** Cells with the raw p < alpha: what an uncorrected reading would have flagged. */
  significantUncorrected: number;
}

export function comparisonSummary(c: Comparison): ComparisonSummary {
  const s: ComparisonSummary = { cells: 0, significant: 0, betterB: 0, betterA: 0, significantUncorrected: 0 };
  for (const r of c.rows)
    for (const m of c.metrics) {
      const d = r.deltas[m.name];
      if (!d) continue;
      s.cells++;
      if (d.p < c.test.alpha) s.significantUncorrected++;
      if (d.verdict !== 'same') s.significant++;
      if (d.verdict === 'better') s.betterB++;
      if (d.verdict === 'worse') s.betterA++;
    }
  return s;
}

export function comparisonRecord(c: Comparison, files: { a: string; b: string }): ComparisonRecord {
  const cells: RecordCell[] = [];
  for (const r of c.rows)
    for (const m of c.metrics) {
      const d = r.deltas[m.name];
      if (!d) continue;
      cells.push({
        lang: r.lang,
        metric: m.name,
        lowerIsBetter: m.lowerIsBetter,
        queries: d.queries,
        a: d.a,
        b: d.b,
        delta: d.delta,
        ci: d.ci,
        p: d.p,
        pAdjusted: d.pAdjusted,
        significant: d.verdict !== 'same',
        better: d.verdict === 'better' ? 'b' : d.verdict === 'worse' ? 'a' : null,
        wins: d.wins,
        ties: d.ties,
        losses: d.losses,
      });
    }
  return {
    tool: 'xlens',
    version: VERSION,
    a: { file: files.a, ...c.a },
    b: { file: files.b, ...c.b },
    dataset: c.dataset,
    scenario: c.scenario,
    pivot: c.pivot,
    languages: c.languages,
    test: c.test.method === 'randomization' ? 'randomization' : 'bootstrap',
    samples: c.test.samples,
    seed: c.test.seed,
    correction: c.test.correction,
    alpha: c.test.alpha,
    family: c.test.family,
    cells,
    summary: comparisonSummary(c),
    pairing: c.pairing,
    notes: c.notes,
  };
}
