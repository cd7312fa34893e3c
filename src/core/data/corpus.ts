/**
 * The two shapes of data XLens evaluates.
 *
 * - `QACorpus`: parallel questions and passages (XQuAD, XQuAD-R, Belebele). Every question has a
 *   parallel `key` shared by its translations; relevance is kept per language
 *   (`qrels[lang][key]` = ids of the relevant documents in that language), which is what every
 *   scenario in SPEC §2 needs: cross(L→M) uses qrels[M], bilingual(L,en) qrels[L] ∪ qrels[en].
 * - `ParallelCorpus`: sets of translated sentences (FLORES/SIB-200, Tatoeba, user JSONL/CSV).
 *   Within a set, sentences with the same `key` translate each other. Tatoeba has one set per
 *   language pair because its English side differs per language.
 *
 * - A retrieval dataset (BEIR, MTEB, TREC; `data/retrieval/`) is a `QACorpus` with `judgements`:
 *   its queries and documents need not be parallel, and relevance is graded, as the qrels say.
 *
 * Language codes are canonical everywhere (`en`, `de`, `zh`, `zh-Hant`, `ary`); `languages`
 * keeps the user's own spelling for display.
 */

export type FormatId =
  | 'xquad'
  | 'xquad-r'
  | 'flores'
  | 'sib200'
  | 'tatoeba'
  | 'belebele'
  | 'jsonl'
  | 'csv'
  | 'tsv'
  | 'beir'
  | 'mteb'
  | 'trec'
  | 'mlqa';

export interface Language {
  /** Canonical code used in every map and report key. */
  code: string;
  /** The code as written in the user's files (e.g. `eng_Latn`, `deu`, `de`). */
  label: string;
}

/** Where a unit came from, for error messages and "open in editor". */
export interface SourceRef {
  file: string;
  line?: number;
}

export interface Query {
  /** Unique within the corpus, e.g. `de/56be4db0acb8001400a502ec`. */
  id: string;
  /** Parallel key shared by all translations of this question. */
  key: string;
  lang: string;
  text: string;
  source?: SourceRef;
}

export interface Doc {
  /** Unique within the corpus, e.g. `de/p17` or `de/p17.s3`. */
  id: string;
  /** Parallel key of the passage (paragraph) this unit belongs to; shared across languages. */
  group: string;
  /** Parallel key of the article (SQuAD title block) the passage belongs to, e.g. `a3`: the unit
   * of train/eval splits, so no evaluated passage is seen in training (SPEC §6). */
  article?: string;
  lang: string;
  text: string;
  source?: SourceRef;
}

export interface Skipped {
  file: string;
  line?: number;
  reason: string;
}

interface CorpusBase {
  /** Display name, e.g. `xquad` or the file name. */
  name: string;
  format: FormatId;
  /** The path the user gave. */
  path: string;
  languages: Language[];
  /** Inputs skipped because the user allowed skips; empty otherwise (nothing is dropped silently). */
  skipped: Skipped[];
}

export interface QACorpus extends CorpusBase {
  kind: 'qa';
  /** Retrieval unit: whole passages (XQuAD, Belebele) or sentences (XQuAD-R). */
  unit: 'passage' | 'sentence';
  queries: Query[];
  docs: Doc[];
  /** qrels.get(lang).get(queryKey) = ids of relevant docs in `lang` (grade ≥ 1 for retrieval datasets). */
  qrels: Map<string, Map<string, string[]>>;
  /** Retrieval datasets only: the qrels as given (every grade, also 0, also documents the corpus lacks). */
  judgements?: Judgements;
  /** Retrieval datasets only: how the pool was composed from several sources or sampled. */
  composition?: PoolComposition;
}

/** One qrels line: a judged document and its grade (integer in BEIR/TREC; ≥ 1 = relevant by default). */
export interface Judgement {
  doc: string;
  grade: number;
}

export interface Judgements {
  /** Query id (`Query.id`) → its judgements in qrels order. */
  byQuery: Map<string, Judgement[]>;
  /** The qrels file(s) read, and the split. */
  files: string[];
  split?: string;
  /** qrels lines naming a query the queries file lacks (never scored), and the first such ids. */
  unknownQueries: { lines: number; first: string[] };
}

/** A pool merged from several sources (`--data A --data B`, pool.json) and/or sampled. */
export interface PoolComposition {
  sources: Array<{ path: string; format: FormatId; queries: number; documents: number }>;
  /** Per sampled language: documents kept (judged ones always) of those available. */
  sample?: { seed: number; perLang: Record<string, { kept: number; of: number; judged: number }> };
  /** Ids were prefixed with the source number (`2:doc7`) because two sources shared an id. */
  prefixedIds?: boolean;
}

/** A QA corpus that carries graded judgements (every retrieval dataset). */
export type RetrievalCorpus = QACorpus & { judgements: Judgements };

export function isRetrievalCorpus(c: Corpus): c is RetrievalCorpus {
  return c.kind === 'qa' && c.judgements !== undefined;
}

export interface Sentence {
  id: string;
  /** Parallel key within its set. */
  key: string;
  lang: string;
  text: string;
  /** Optional label (SIB-200 topic), used for colouring projections. */
  category?: string;
  source?: SourceRef;
}

export interface ParallelSet {
  /** `all` for n-way parallel corpora, `deu-eng` for a Tatoeba pair. */
  name: string;
  languages: string[];
  sentences: Sentence[];
}

export interface ParallelCorpus extends CorpusBase {
  kind: 'parallel';
  sets: ParallelSet[];
}

export type Corpus = QACorpus | ParallelCorpus;
