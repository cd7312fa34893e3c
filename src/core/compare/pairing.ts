import type { PerQueryRecord } from '../report/schema';
import type { ComparedMetric } from './types';

/** The paired values of one metric in one query language. */
export interface PairedCell {
  /** The unit (parallel question) of each pair: an index into `PairedDesign.units`. */
  unit: Int32Array;
  a: Float64Array;
  b: Float64Array;
}

/**
 * Two runs' per-query values lined up for paired tests. The unit of resampling is a parallel
 * question (the records' `key`): its translations are not independent of each other, so the
 * bootstrap draws and the sign flips act on a whole question at once, in every language.
 */
export interface PairedDesign {
  /** Query languages with paired records, in the report's order. */
  languages: string[];
  /** Parallel keys; `PairedCell.unit` indexes this list. */
  units: string[];
  metrics: ComparedMetric[];
  /** cells[language][metric], undefined where no shared query has the metric. */
  cells: Array<Array<PairedCell | undefined>>;
  /** Paired queries per language (any metric). */
  queries: number[];
  matched: number;
  onlyA: number;
  onlyB: number;
}

/**
 * Match records by (query id, task) and average each query's values over its tasks. That is one
 * task per query except in `cross`, where a query in L is scored against every document language
 * M; as in reports, L's figure then averages the M ≠ L tasks (L→L only when it is the only one).
 */
export function pairRecords(a: PerQueryRecord[], b: PerQueryRecord[], metrics: ComparedMetric[], order: string[]): PairedDesign {
  const byId = new Map<string, PerQueryRecord>();
  for (const r of b) byId.set(pairKey(r), r);
  const pairs: Array<[PerQueryRecord, PerQueryRecord]> = [];
  for (const r of a) {
    const other = byId.get(pairKey(r));
    if (other) pairs.push([r, other]);
  }
  const matched = pairs.length;

  // Languages whose queries ran in some task other than L→L (cross): skip their diagonal.
  const offDiagonal = new Set<string>();
  for (const [r] of pairs) if (!isDiagonal(r)) offDiagonal.add(r.lang);

  const M = metrics.length;
  const units: string[] = [];
  const unitOf = new Map<string, number>();
  // Per language and unit: for each metric, sum of a, sum of b and the count of pairs.
  const sums = new Map<string, Map<number, Float64Array>>();
  for (const [ra, rb] of pairs) {
    if (offDiagonal.has(ra.lang) && isDiagonal(ra)) continue;
    let u = unitOf.get(ra.key);
    if (u === undefined) {
      u = units.length;
      units.push(ra.key);
      unitOf.set(ra.key, u);
    }
    let perUnit = sums.get(ra.lang);
    if (!perUnit) sums.set(ra.lang, (perUnit = new Map()));
    let acc = perUnit.get(u);
    if (!acc) perUnit.set(u, (acc = new Float64Array(3 * M)));
    metrics.forEach((m, j) => {
      const va = ra.metrics[m.perQuery];
      const vb = rb.metrics[m.perQuery];
      if (!Number.isFinite(va) || !Number.isFinite(vb)) return;
      acc[3 * j] += va;
      acc[3 * j + 1] += vb;
      acc[3 * j + 2] += 1;
    });
  }

  const languages = [...order.filter((l) => sums.has(l)), ...[...sums.keys()].filter((l) => !order.includes(l))];
  const cells = languages.map((lang) => {
    const perUnit = [...sums.get(lang)!.entries()];
    return metrics.map((_, j): PairedCell | undefined => {
      const rows = perUnit.filter(([, acc]) => acc[3 * j + 2] > 0);
      if (rows.length === 0) return undefined;
      return {
        unit: Int32Array.from(rows, ([u]) => u),
        a: Float64Array.from(rows, ([, acc]) => acc[3 * j] / acc[3 * j + 2]),
        b: Float64Array.from(rows, ([, acc]) => acc[3 * j + 1] / acc[3 * j + 2]),
      };
    });
  });
  return {
    languages,
    units,
    metrics,
    cells,
    queries: languages.map((l) => sums.get(l)!.size),
    matched,
    onlyA: a.length - matched,
    onlyB: b.length - matched,
  };
}

function pairKey(r: PerQueryRecord): string {
  return `${r.id}\u0000${r.task}`;
}

function isDiagonal(r: PerQueryRecord): boolean {
  return r.task === `${r.lang}→${r.lang}`;
}
