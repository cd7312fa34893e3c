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
  | 'tsv';

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
  /** qrels.get(lang).get(queryKey) = ids of relevant docs in `lang`. */
  qrels: Map<string, Map<string, string[]>>;
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
