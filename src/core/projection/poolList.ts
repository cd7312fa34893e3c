import { buildRankedList, textIdsOf } from '../report/rankedList';
import type { PerQueryRecord } from '../report/schema';
import { poolOfTask } from './outcomes';

/**
 * A clicked query's neighbours among the pool documents, as the retriever saw them: the run's
 * per-query record (its top documents, best first, and the relevant documents ranked lower),
 * with texts from the projection where the document is projected and from the corpus otherwise,
 * and each document's point in the projection when it has one.
 */
export interface PoolRankingRow {
  rank: number;
  doc: string;
  lang: string;
  score?: number;
  relevant: boolean;
  text: string;
  point?: number;
}

export interface PoolRanking {
  task: string;
  rows: PoolRankingRow[];
  missing: PoolRankingRow[];
  textsUnavailable?: string;
}

export interface ProjectedPoints {
  ids: readonly string[];
  kind: ArrayLike<number>;
  texts: readonly string[];
}

export async function poolRanking(
  records: readonly PerQueryRecord[] | undefined,
  points: ProjectedPoints,
  index: number,
  pool: string,
  corpusTexts: (ids: string[]) => Promise<{ texts: Record<string, string>; unavailable?: string }>,
): Promise<PoolRanking> {
  const { ids, kind, texts } = points;
  if (!Number.isInteger(index) || index < 0 || index >= ids.length) throw new RangeError(`point ${index} outside the ${ids.length} projected points`);
  if (kind[index] !== 0) throw new Error('only queries have a ranking; click a query point');
  if (!records?.length) throw new Error('this run was saved without per-query records, so its rankings are not known');
  const record = records.find((r) => r.id === ids[index] && poolOfTask(r.task) === pool);
  if (!record) throw new Error(`The run has no ranking for this query (${ids[index]}${pool ? `, pool ${pool.slice(1)}` : ''}): it is not among the queries the run scored (a bilingual run scores the languages other than its pivot).`);
  const docPoint = new Map<string, number>();
  ids.forEach((id, i) => kind[i] === 1 && docPoint.set(id, i));
  const known: Record<string, string> = {};
  const wanted: string[] = [];
  for (const id of textIdsOf(record)) {
    const i = id === ids[index] ? index : docPoint.get(id);
    if (i !== undefined) known[id] = texts[i];
    else wanted.push(id);
  }
  const fetched = wanted.length ? await corpusTexts(wanted) : { texts: {} };
  const list = buildRankedList(record, { ...fetched.texts, ...known }, {}, fetched.unavailable);
  return {
    task: list.task,
    rows: list.rows.map((r) => ({ rank: r.rank, doc: r.doc, lang: r.lang, score: r.score, relevant: r.relevant, text: r.text, point: docPoint.get(r.doc) })),
    missing: list.missing.map((r) => ({ rank: r.rank, doc: r.doc, lang: r.lang, relevant: true, text: r.text, point: docPoint.get(r.doc) })),
    ...(list.textsUnavailable ? { textsUnavailable: list.textsUnavailable } : {}),
  };
}
