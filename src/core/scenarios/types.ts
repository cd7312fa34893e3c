export const SCENARIOS = ['mono', 'cross', 'bilingual', 'multilingual', 'as-given'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ScenarioOptions {
  scenario: ScenarioName;
  /** Query languages (canonical): the languages evaluated. */
  langs: string[];
  /**
   * Pool languages (`--pool-langs`) for `multilingual`, `cross` (the document languages) and
   * `as-given`; default every language of the corpus (the LAReQA standard for `multilingual`).
   */
  poolLangs?: string[];
  /** The second pool language of `bilingual` (default `en`). */
  pivot: string;
  /** `as-given`: a judged document is relevant when its grade ≥ this (default 1). */
  relThreshold?: number;
  /** `as-given`: drop qrels lines naming documents the corpus lacks instead of censoring them. */
  dropMissingJudged?: boolean;
}

/**
 * One retrieval problem: a set of queries searched against one pool. A scenario expands into
 * one task per query language (mono, bilingual), per language pair (cross), or a single task
 * over a shared pool (multilingual).
 */
export interface RetrievalTask {
  /** `de`, `de→zh`, `de+en`, `ar+de+…`. */
  id: string;
  /** Query language of every query in the task, or several for multilingual. */
  queryLangs: string[];
  /** For `cross`: the document language of the task. */
  docLang?: string;
  /** Pool languages in pool order (their index is the label used by language-share metrics). */
  poolLangs: string[];
  /** Indices into corpus.queries. */
  queries: number[];
  /** Indices into corpus.docs, in pool order (ties are broken by this order, SPEC §1). */
  docs: number[];
  /** Per query: positions in `docs` of its relevant documents (grade ≥ the relevance threshold). */
  relevant: Int32Array[];
  /**
   * Per query: the grade of each entry of `relevant`, same order (graded qrels, SPEC §3: nDCG
   * gains = grade). Absent: binary relevance, every grade 1 (the parallel QA scenarios).
   */
  grades?: Float32Array[];
  /**
   * Per query: grades of its judged relevant documents that are NOT in the pool (a qrels line
   * naming a document the corpus lacks, or a run that never listed it). They are never
   * retrieved: no gain, no precision, Complete@K false, MaxRank censored (SPEC §3). They count
   * in |Rel| and in the ideal DCG. Absent: none.
   */
  missing?: Float32Array[];
}
