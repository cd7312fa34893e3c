import type { JudgementSummary, PoolSummary } from '../scenarios/asGiven';

/**
 * The report JSON: one format written by `xlens eval`, saved by the extension under
 * `.xlens/runs/<id>.json`, listed in the Runs tree and read by Compare. Key names are stable
 * (other tools read them); add fields, never rename.
 */
export type MetricValues = Record<string, number>;

export interface LanguageResult extends MetricValues {
  queries: number;
}

export interface PerQueryRecord {
  /** Query id (unique in the corpus) and its parallel key. */
  id: string;
  key: string;
  lang: string;
  /** Retrieval task the query was scored in (`de+en`, `de→zh`, ...). */
  task: string;
  text?: string;
  /** Relevant documents with their 1-based rank. */
  relevant: Array<{ doc: string; lang: string; rank: number }>;
  /** The best-ranked documents, best first. */
  top: Array<{ doc: string; lang: string; score: number }>;
  /** Per-query metric values (MaxRank, AP, RR@k, nDCG@k, EIR.count, ...). */
  metrics: MetricValues;
}

export interface Report {
  tool: 'xlens';
  version: string;
  createdAt: string;
  dataset: {
    name: string;
    path: string;
    format: string;
    unit: 'passage' | 'sentence';
    languages: Array<{ code: string; label: string }>;
    queries: number;
    documents: number;
    skipped: number;
    /** Which part of the data was scored when not all of it, e.g. `held-out articles of the checkpoint: 24 of 48`. */
    split?: string;
    /** Content hash of the scored queries, documents and judgements (data/fingerprint.ts): runs compare only when it matches. */
    fingerprint?: string;
  };
  model: {
    source: string;
    name: string;
    dim: number;
    fingerprint: string;
    settings: Record<string, string | number | boolean>;
    stats: { texts: number; encoded: number; cacheHits: number; truncated: number };
  };
  scenario: string;
  /** Query languages, and the pivot for `bilingual`. */
  languages: string[];
  pivot?: string;
  k: number[];
  completeK: number[];
  /**
   * Pool size (documents ranked per query) of each retrieval task, by task id (`de+en`, `de→zh`):
   * the N of nMax@R and the depth of the Complete@K curve. Absent in older reports.
   */
  pools?: Record<string, number>;
  /** Retrieval backend and whether results are exact. */
  retrieval: { backend: string; exact: boolean };
  definitions: Record<string, string>;
  byLanguage: Record<string, LanguageResult>;
  overall: LanguageResult;
  /** `cross` only: matrix[L][M] = metrics of queries in L against the pool in M. */
  matrix?: Record<string, Record<string, LanguageResult>>;
  /** `as-given` (retrieval datasets): threshold, excluded queries, relevant documents missing from the corpus or pool. */
  judgements?: JudgementSummary;
  /** `as-given`: the pool's documents per language, and its composition (sources, sample seed) when composed. */
  pool?: PoolSummary;
  perQuery?: PerQueryRecord[];
  timings: Record<string, number>;
  notes: string[];
}

/** `xlens bitext` report: mining accuracy per language pair plus geometry. */
export interface BitextReport {
  tool: 'xlens';
  version: string;
  createdAt: string;
  kind: 'bitext';
  dataset: Report['dataset'] | { name: string; path: string; format: string; languages: Array<{ code: string; label: string }>; skipped: number };
  model: Report['model'];
  definitions: Record<string, string>;
  /** `de-en` → {BitextAcc (de→en), BitextAcc.reverse (en→de), xsim, margin variants, Alignment, pairs}. */
  pairs: Record<string, MetricValues>;
  byLanguage: Record<string, MetricValues>;
  overall: MetricValues;
  timings: Record<string, number>;
  notes: string[];
  /** The pivot language (absent in reports written before it was stored). */
  pivot?: string;
  /** `pivot`: every language against the pivot; `all`: every pair of the chosen languages. */
  matrix?: 'pivot' | 'all';
  /** Source and target language of each key of `pairs` (codes may contain `-`). */
  pairLanguages?: Record<string, { source: string; target: string }>;
  /** Per pair: the worst misses of each direction (bitextMisses.ts). */
  worst?: Record<string, BitextMiss[]>;
}

/** A sentence whose translation was not its nearest neighbour (texts kept: a few per pair). */
export interface BitextMiss {
  /** `forward`: source → target of the pair; `reverse`: target → source. */
  direction: 'forward' | 'reverse';
  sentence: { id: string; lang: string; text: string };
  translation: { id: string; text: string; score: number };
  /** The wrong sentence ranked first, with its cosine. */
  neighbour: { id: string; text: string; score: number };
  /** Exact rank of the translation among `candidates` (1 = found). */
  rank: number;
  candidates: number;
}

/** `xlens metrics` output. */
export interface TrecMetricsReport {
  /** Judged queries with a relevant document: every one is scored, listed by the run or not. */
  queries: number;
  metrics: MetricValues;
  /** A document is relevant when its grade ≥ relThreshold (nDCG gains use every grade > 0). */
  relThreshold: number;
  /** The most documents the run lists for any query; unlisted relevant documents are censored at depth + 1. */
  depth: number;
  completeK: number[];
  /** Judged queries without any relevant document: excluded from every metric. */
  excluded: string[];
  /** Queries the run lists that the qrels do not judge (not scored, as trec_eval). */
  runQueriesWithoutJudgements: number;
  definitions: Record<string, string>;
  perQuery?: Record<string, MetricValues>;
}
