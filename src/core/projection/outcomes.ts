import type { PerQueryRecord } from '../report/schema';

/**
 * Per-point outcomes of a run, for colouring a projection (SPEC §3, per query). Each value is
 * read from the run's own per-query record, so it is the figure the run aggregated:
 * - `MaxRank`: the record's `metrics.MaxRank` (rank of the last relevant document, censored at
 *   pool size + 1 when one was never ranked; `MaxRank.censored` marks those);
 * - `EIR`: the record's `metrics.EIR` (1 = inclined: an irrelevant pivot document ranks above the
 *   best-ranked relevant document in the query's language); absent where the run defines no EIR
 *   (pivot-language queries, scenarios without a pivot): no value, never 0;
 * - `Success@10`: the record's `metrics['Success@10']`, or, when the run did not compute k = 10,
 *   1 exactly when a relevant document has rank ≤ 10 (the same definition; a relevant document
 *   the pool lacks is never in the top 10).
 * Documents, and queries without a record, have no value (NaN). A query scored in several
 * retrieval tasks (`cross`: one per pool language) gets one variant per pool.
 */
export type OutcomeName = 'MaxRank' | 'EIR' | 'Success@10';
export const OUTCOME_NAMES: readonly OutcomeName[] = ['MaxRank', 'EIR', 'Success@10'];

export interface OutcomeColumnValues {
  name: OutcomeName;
  /** One value per point; NaN = no value (a document, a query without one). */
  values: Float32Array;
  /** Points with a value. */
  defined: number;
  /** MaxRank only: points whose MaxRank is censored (a relevant document never ranked). */
  censored?: number;
}

export interface OutcomeVariant {
  /** '' for a run with one record per query; else the pool side of the tasks (`→en`). */
  pool: string;
  /** Outcomes with at least one value, in OUTCOME_NAMES order. */
  columns: OutcomeColumnValues[];
  /** Query points of the projection without a record in this variant. */
  queriesWithout: number;
}

/** The pool side of a task id (`de→en` → `→en`); '' for tasks scored once per query. */
export function poolOfTask(task: string): string {
  const at = task.indexOf('→');
  return at < 0 ? '' : task.slice(at);
}

/** Value of one outcome in one record; undefined when the run defines none for it. */
export function outcomeOf(r: PerQueryRecord, name: OutcomeName): number | undefined {
  const v = r.metrics[name];
  if (v !== undefined && Number.isFinite(v)) return v;
  if (name === 'Success@10') return r.relevant.some((d) => d.rank >= 1 && d.rank <= 10) ? 1 : 0;
  return undefined;
}

/**
 * Outcome values per point. `ids[i]` is point i's corpus id, `kind[i]` 0 for a query; records are
 * matched by query id. Empty when the run has no per-query records.
 */
export function pointOutcomes(records: readonly PerQueryRecord[] | undefined, ids: readonly string[], kind: ArrayLike<number>): OutcomeVariant[] {
  if (!records?.length) return [];
  const byPool = new Map<string, Map<string, PerQueryRecord>>();
  for (const r of records) {
    const pool = poolOfTask(r.task);
    let m = byPool.get(pool);
    if (!m) byPool.set(pool, (m = new Map()));
    m.set(r.id, r);
  }
  const queries = ids.reduce((n, _, i) => n + (kind[i] === 0 ? 1 : 0), 0);
  const variants: OutcomeVariant[] = [];
  for (const pool of [...byPool.keys()].sort()) {
    const m = byPool.get(pool)!;
    let matched = 0;
    const columns: OutcomeColumnValues[] = [];
    for (const name of OUTCOME_NAMES) {
      const values = new Float32Array(ids.length).fill(NaN);
      let defined = 0;
      let censored = 0;
      matched = 0;
      ids.forEach((id, i) => {
        if (kind[i] !== 0) return;
        const r = m.get(id);
        if (!r) return;
        matched++;
        const v = outcomeOf(r, name);
        if (v === undefined) return;
        values[i] = v;
        defined++;
        if (name === 'MaxRank' && r.metrics['MaxRank.censored'] === 1) censored++;
      });
      if (defined > 0) columns.push({ name, values, defined, ...(name === 'MaxRank' ? { censored } : {}) });
    }
    variants.push({ pool, columns, queriesWithout: queries - matched });
  }
  return variants;
}

export interface OutcomeLegend {
  label: string;
  scale: 'log' | 'binary';
  levels?: [string, string];
  definition: string;
}

/**
 * Legend text of an outcome: the definition of the value `outcomeOf` reads (SPEC §3), in the
 * run's terms. `pivot`: the run's pivot (bilingual runs store it).
 */
export function outcomeLegend(name: OutcomeName, run: { scenario: string; pivot?: string }): OutcomeLegend {
  const pivot = run.pivot ? `${run.pivot} (pivot)` : 'pivot-language';
  switch (name) {
    case 'MaxRank':
      return {
        label: 'MaxRank',
        scale: 'log',
        definition: 'MaxRank(q): rank of the last relevant document, the depth needed to recover all of them (lower is better; the optimum is the number of relevant documents, e.g. 2 in bilingual; a relevant document never ranked counts as pool size + 1). Log colour scale from 1.',
      };
    case 'EIR':
      return {
        label: 'EIR-inclined',
        scale: 'binary',
        levels: ['not inclined', 'inclined'],
        definition:
          run.scenario === 'as-given'
            ? `Inclined: a non-relevant or unjudged ${pivot} document ranks above the best-ranked relevant document in the query's language. No value for pivot queries and queries without a relevant document in their language.`
            : `Inclined: at least one irrelevant ${pivot} document ranks above the best-ranked relevant document in the query's language. No value for pivot-language queries.`,
      };
    case 'Success@10':
      return { label: 'Success@10', scale: 'binary', levels: ['miss', 'hit'], definition: 'Hit: at least one relevant document in the top 10.' };
  }
}
