import type { RetrievalCorpus } from '../data/corpus';
import { UserError } from '../errors';
import type { RetrievalTask, ScenarioOptions } from './types';

const FIRST_IDS = 10;

/** What the report says about the judgements behind an `as-given` run (SPEC §3: nothing dropped in silence). */
export interface JudgementSummary {
  split?: string;
  /** A judged document is relevant when its grade ≥ this. */
  relThreshold: number;
  /** Queries in the query languages with at least one judgement; of them, those evaluated. */
  judgedQueries: number;
  evaluated: number;
  /** Queries whose every judgement is below the threshold (no relevant document): excluded, all listed. */
  excluded: { count: number; ids: string[] };
  /**
   * Relevant qrels lines naming a document the corpus lacks: kept as relevant documents never
   * retrieved (RetrievalTask.missing), or dropped with `dropMissingJudged` (then `dropped`).
   */
  missingDocs: { lines: number; queries: number; first: string[]; dropped: boolean };
  /** Relevant documents the corpus has, in a language left out of the pool (`--pool-langs`): not part of this task. */
  outsidePool: { lines: number; queries: number };
  /** Queries excluded because `dropMissingJudged` or the pool languages left them no relevant document. */
  noRelevantLeft: { count: number; ids: string[] };
  /** qrels lines whose query the queries file lacks (never scored). */
  unknownQueries: { lines: number; first: string[] };
}

/** Per-language document counts of the pool, and where it came from. */
export interface PoolSummary {
  documents: number;
  languages: Record<string, number>;
  composition?: RetrievalCorpus['composition'];
}

export interface AsGiven {
  tasks: RetrievalTask[];
  judgements: JudgementSummary;
  pool: PoolSummary;
}

/**
 * The `as-given` scenario of a retrieval dataset: one pool = the corpus documents in the pool
 * languages, in file order (the tie order); one task per query language over that pool; the
 * queries with at least one relevant document (grade ≥ threshold). Relevance is graded
 * (`grades` = the qrels grade). A relevant document the corpus lacks goes to `missing` (or is
 * dropped on request); one in a language outside the pool is not part of the task. Every
 * query or line left out is counted in the summary.
 */
export function buildAsGiven(corpus: RetrievalCorpus, opts: Pick<ScenarioOptions, 'langs' | 'poolLangs' | 'relThreshold' | 'dropMissingJudged'>): AsGiven {
  const threshold = opts.relThreshold ?? 1;
  const docLangs = corpus.languages.map((l) => l.code).filter((c) => corpus.docs.some((d) => d.lang === c));
  const poolLangs = opts.poolLangs ?? docLangs;
  const unknown = poolLangs.filter((l) => !docLangs.includes(l));
  if (unknown.length > 0) throw new UserError(`pool language(s) ${unknown.join(', ')} not in the corpus of ${corpus.name} (documents in: ${docLangs.join(', ')})`, { file: corpus.path });
  const inPool = new Set(poolLangs);

  const docs: number[] = [];
  const docLangById = new Map<string, string>();
  const posById = new Map<string, number>();
  corpus.docs.forEach((d, i) => {
    docLangById.set(d.id, d.lang);
    if (!inPool.has(d.lang)) return;
    posById.set(d.id, docs.length);
    docs.push(i);
  });
  if (docs.length === 0) throw new UserError(`the pool is empty: no document in ${poolLangs.join(', ')}`, { file: corpus.path });

  const queryLangsAll = corpus.languages.map((l) => l.code).filter((c) => corpus.queries.some((q) => q.lang === c));
  const queryLangs = opts.langs.length > 0 ? opts.langs : queryLangsAll;
  const absent = queryLangs.filter((l) => !queryLangsAll.includes(l));
  if (absent.length > 0) throw new UserError(`query language(s) ${absent.join(', ')} not in the queries of ${corpus.name} (queries in: ${queryLangsAll.join(', ')})`, { file: corpus.path });

  const s: JudgementSummary = {
    split: corpus.judgements.split,
    relThreshold: threshold,
    judgedQueries: 0,
    evaluated: 0,
    excluded: { count: 0, ids: [] },
    missingDocs: { lines: 0, queries: 0, first: [], dropped: opts.dropMissingJudged === true },
    outsidePool: { lines: 0, queries: 0 },
    noRelevantLeft: { count: 0, ids: [] },
    unknownQueries: corpus.judgements.unknownQueries,
  };
  const byLang = new Map<string, { queries: number[]; relevant: Int32Array[]; grades: Float32Array[]; missing: Float32Array[] }>();
  for (const l of queryLangs) byLang.set(l, { queries: [], relevant: [], grades: [], missing: [] });

  corpus.queries.forEach((q, qi) => {
    const task = byLang.get(q.lang);
    const judged = corpus.judgements.byQuery.get(q.id);
    if (!task || !judged || judged.length === 0) return;
    s.judgedQueries++;
    const rel: number[] = [];
    const grades: number[] = [];
    const missing: number[] = [];
    let anyRelevant = false;
    let missingHere = false;
    let outsideHere = false;
    for (const j of judged) {
      if (!(j.grade >= threshold)) continue;
      anyRelevant = true;
      const p = posById.get(j.doc);
      if (p !== undefined) {
        rel.push(p);
        grades.push(j.grade);
      } else if (docLangById.has(j.doc)) {
        s.outsidePool.lines++;
        outsideHere = true;
      } else {
        s.missingDocs.lines++;
        missingHere = true;
        if (s.missingDocs.first.length < FIRST_IDS && !s.missingDocs.first.includes(j.doc)) s.missingDocs.first.push(j.doc);
        if (!opts.dropMissingJudged) missing.push(j.grade);
      }
    }
    if (missingHere) s.missingDocs.queries++;
    if (outsideHere) s.outsidePool.queries++;
    if (!anyRelevant) {
      s.excluded.count++;
      s.excluded.ids.push(q.id);
      return;
    }
    if (rel.length + missing.length === 0) {
      s.noRelevantLeft.count++;
      s.noRelevantLeft.ids.push(q.id);
      return;
    }
    s.evaluated++;
    task.queries.push(qi);
    task.relevant.push(Int32Array.from(rel));
    task.grades.push(Float32Array.from(grades));
    task.missing.push(Float32Array.from(missing));
  });

  const tasks: RetrievalTask[] = [];
  for (const [lang, t] of byLang) {
    if (t.queries.length === 0) continue;
    const hasMissing = t.missing.some((m) => m.length > 0);
    tasks.push({ id: lang, queryLangs: [lang], poolLangs, queries: t.queries, docs, relevant: t.relevant, grades: t.grades, ...(hasMissing ? { missing: t.missing } : {}) });
  }
  if (tasks.length === 0)
    throw new UserError(`no query in ${queryLangs.join(', ')} has a relevant document (grade ≥ ${threshold}) in the ${corpus.judgements.split ?? ''} qrels`.replace('  ', ' '), { file: corpus.path });

  const languages: Record<string, number> = {};
  for (const l of poolLangs) languages[l] = 0;
  for (const d of docs) languages[corpus.docs[d].lang]++;
  return { tasks, judgements: s, pool: { documents: docs.length, languages, composition: corpus.composition } };
}

/** Report notes that say, in words, what the summary counts (printed under the table). */
export function asGivenNotes(a: AsGiven): string[] {
  const j = a.judgements;
  const notes: string[] = [];
  if (j.excluded.count > 0)
    notes.push(`${j.excluded.count} judged quer${j.excluded.count === 1 ? 'y has' : 'ies have'} no judgement of grade ≥ ${j.relThreshold} and ${j.excluded.count === 1 ? 'is' : 'are'} excluded: ${j.excluded.ids.slice(0, FIRST_IDS).join(', ')}${j.excluded.count > FIRST_IDS ? ', …' : ''}.`);
  if (j.missingDocs.lines > 0)
    notes.push(j.missingDocs.dropped
      ? `${j.missingDocs.lines} relevant qrels line(s) of ${j.missingDocs.queries} quer(ies) name documents the corpus lacks (first: ${j.missingDocs.first.join(', ')}); dropped as asked (--drop-missing-judged).`
      : `${j.missingDocs.lines} relevant qrels line(s) of ${j.missingDocs.queries} quer(ies) name documents the corpus lacks (first: ${j.missingDocs.first.join(', ')}); they count as relevant documents never retrieved.`);
  if (j.outsidePool.lines > 0)
    notes.push(`${j.outsidePool.lines} relevant document(s) of ${j.outsidePool.queries} quer(ies) are in languages outside the pool (${Object.keys(a.pool.languages).join(', ')}) and are not part of this task.`);
  if (j.noRelevantLeft.count > 0)
    notes.push(`${j.noRelevantLeft.count} quer(ies) have no relevant document left in this pool and are excluded: ${j.noRelevantLeft.ids.slice(0, FIRST_IDS).join(', ')}${j.noRelevantLeft.count > FIRST_IDS ? ', …' : ''}.`);
  if (j.unknownQueries.lines > 0)
    notes.push(`${j.unknownQueries.lines} qrels line(s) judge queries missing from the queries file (first: ${j.unknownQueries.first.join(', ')}); not scored.`);
  return notes;
}
