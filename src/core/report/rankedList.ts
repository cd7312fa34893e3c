import type { MetricValues, PerQueryRecord } from './schema';

/**
 * Drill-down views of a run's per-query records: a language's worst queries and one query's
 * ranked list. Reports keep document ids only; texts and source lines are looked up in the
 * corpus by the caller and passed in.
 */

export interface SourceLine {
  file: string;
  line?: number;
}

/** One ranked list: the query, the top of its ranking, and relevant documents ranked lower. */
export interface RankedList {
  queryId: string;
  lang: string;
  text: string;
  task: string;
  metrics: MetricValues;
  source?: SourceLine;
  rows: Array<{ rank: number; doc: string; lang: string; score: number; relevant: boolean; text: string; source?: SourceLine }>;
  /** Relevant documents ranked below the shown rows. */
  missing: Array<{ rank: number; doc: string; lang: string; text: string; source?: SourceLine }>;
  /** Set when the corpus could not be read: texts are then empty. */
  textsUnavailable?: string;
}

export type WorstBy = 'AP' | 'MaxRank';

export interface WorstQuery {
  queryId: string;
  task: string;
  lang: string;
  text: string;
  MaxRank: number;
  AP: number;
  EIR?: number;
  'EIR.count'?: number;
  relevant: number;
}

export function findRecord(records: PerQueryRecord[] | undefined, queryId: string, task: string): PerQueryRecord | undefined {
  return records?.find((q) => q.id === queryId && q.task === task);
}

/** Corpus ids whose texts a ranked list shows: the query, its top documents, its relevant documents. */
export function textIdsOf(q: PerQueryRecord): string[] {
  return [...new Set([q.id, ...q.top.map((d) => d.doc), ...q.relevant.map((d) => d.doc)])];
}

export function buildRankedList(
  q: PerQueryRecord,
  texts: Record<string, string>,
  sources: Record<string, SourceLine> = {},
  textsUnavailable?: string,
): RankedList {
  const relevant = new Set(q.relevant.map((d) => d.doc));
  const shown = new Set(q.top.map((d) => d.doc));
  return {
    queryId: q.id,
    lang: q.lang,
    text: q.text ?? texts[q.id] ?? '',
    task: q.task,
    metrics: q.metrics,
    source: sources[q.id],
    rows: q.top.map((d, i) => ({ rank: i + 1, doc: d.doc, lang: d.lang, score: d.score, relevant: relevant.has(d.doc), text: texts[d.doc] ?? '', source: sources[d.doc] })),
    missing: q.relevant
      .filter((d) => !shown.has(d.doc))
      .sort((a, b) => a.rank - b.rank)
      .map((d) => ({ rank: d.rank, doc: d.doc, lang: d.lang, text: texts[d.doc] ?? '', source: sources[d.doc] })),
    textsUnavailable,
  };
}

/**
 * A query language's worst queries: lowest AP first (ties: deeper MaxRank), or deepest MaxRank
 * first (ties: lower AP); then by id and task so the order is stable. `task` narrows to one
 * retrieval task (a cross cell L→M).
 */
export function worstQueries(
  records: PerQueryRecord[],
  opts: { lang: string; by: WorstBy; task?: string; limit: number },
): { rows: WorstQuery[]; total: number } {
  const mine = records.filter((q) => q.lang === opts.lang && (opts.task === undefined || q.task === opts.task));
  const ap = (q: PerQueryRecord) => q.metrics.AP ?? 0;
  const mr = (q: PerQueryRecord) => q.metrics.MaxRank ?? 0;
  mine.sort((a, b) => {
    const d = opts.by === 'AP' ? ap(a) - ap(b) || mr(b) - mr(a) : mr(b) - mr(a) || ap(a) - ap(b);
    return d || a.id.localeCompare(b.id) || a.task.localeCompare(b.task);
  });
  const rows = mine.slice(0, opts.limit).map((q) => ({
    queryId: q.id,
    task: q.task,
    lang: q.lang,
    text: q.text ?? '',
    MaxRank: mr(q),
    AP: ap(q),
    EIR: q.metrics.EIR,
    'EIR.count': q.metrics['EIR.count'],
    relevant: q.relevant.length,
  }));
  return { rows, total: mine.length };
}
