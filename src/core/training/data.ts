import type { Doc, ParallelCorpus, QACorpus, Query } from '../data/corpus';
import { UserError } from '../errors';
import { rng } from '../metrics/stats';
import { shuffle } from './batch';
import { type TrainingSet, TrainingSetBuilder } from './trainingSet';

/**
 * Training sets from the corpora XLens loads, each with the held-out QA corpus the trainer
 * evaluates on. Splits are by passage or larger unit, never by question (SPEC §6), and seeded.
 */
export interface SplitOptions {
  /** Target languages (canonical, ≠ pivot). */
  langs: string[];
  pivot: string;
  seed: number;
  /** Share of the split units used for training (default 0.5 for QA corpora: XQuAD's 48 articles → 24/24; 0.8 otherwise). */
  trainFraction?: number;
}

export interface SplitData {
  train: TrainingSet;
  /** The held-out part as a QA corpus, for `evaluate`. */
  heldOut: QACorpus;
}

/** Split units (sorted, then a seeded shuffle) → the set of training units. */
function chooseTrain(units: string[], fraction: number, seed: number): Set<string> {
  const sorted = [...new Set(units)].sort();
  if (sorted.length < 2) throw new UserError(`cannot split ${sorted.length} unit(s) into training and held-out parts`);
  const n = Math.min(sorted.length - 1, Math.max(1, Math.round(sorted.length * fraction)));
  return new Set(shuffle(sorted, rng((seed ^ 0x5b1) >>> 0)).slice(0, n));
}

/**
 * A parallel QA corpus (XQuAD, XQuAD-R, Belebele) split by article (by passage when the corpus
 * has no articles or a single one, like a one-article sample). An example per pivot question with a translation in a target language; the
 * passage group is the pivot passage (or answer sentence) the question is relevant to.
 */
export function qaTrainingData(corpus: QACorpus, opts: SplitOptions): SplitData {
  const { pivot, langs } = opts;
  const docById = new Map<string, Doc>(corpus.docs.map((d) => [d.id, d]));
  const articles = new Set(corpus.docs.map((d) => d.article));
  const byArticle = articles.size >= 2 && !articles.has(undefined);
  const unitOf = (d: Doc) => (byArticle ? d.article! : d.group);
  const byLangKey = new Map<string, Query>(corpus.queries.map((q) => [`${q.lang}\u0000${q.key}`, q]));
  const relDoc = (lang: string, key: string): Doc | undefined => {
    const id = corpus.qrels.get(lang)?.get(key)?.[0];
    return id === undefined ? undefined : docById.get(id);
  };
  const pivotDocs = corpus.docs.filter((d) => d.lang === pivot);
  if (pivotDocs.length === 0) throw new UserError(`${corpus.name} has no ${pivot} passages to pair with`, { file: corpus.path });
  const trainUnits = chooseTrain(pivotDocs.map(unitOf), opts.trainFraction ?? 0.5, opts.seed);

  const b = new TrainingSetBuilder(pivot);
  const heldKeys = new Set<string>();
  for (const q of corpus.queries) {
    if (q.lang !== pivot) continue;
    const pEn = relDoc(pivot, q.key);
    if (!pEn) continue;
    if (!trainUnits.has(unitOf(pEn))) {
      heldKeys.add(q.key);
      continue;
    }
    for (const L of langs) {
      const qL = byLangKey.get(`${L}\u0000${q.key}`);
      const pL = relDoc(L, q.key);
      if (qL && pL) b.example(L, pEn.id, { en: q.text, L: qL.text }, { en: pEn.text, L: pL.text });
    }
  }
  const kind = byArticle ? 'articles' : 'passages';
  const units = new Set(pivotDocs.map(unitOf)).size;
  const split = `${kind}: ${trainUnits.size} of ${units} for training, seed ${opts.seed}`;
  const train = requireExamples(b.build({ kind: 'qa', path: corpus.path, split }), corpus.path);

  const wanted = new Set([...langs, pivot]);
  const heldOut: QACorpus = {
    ...corpus,
    name: `${corpus.name} (held out)`,
    languages: corpus.languages.filter((l) => wanted.has(l.code)),
    queries: corpus.queries.filter((q) => wanted.has(q.lang) && heldKeys.has(q.key)),
    docs: corpus.docs.filter((d) => wanted.has(d.lang) && !trainUnits.has(unitOf(d))),
    qrels: new Map([...corpus.qrels].filter(([l]) => wanted.has(l)).map(([l, m]) => [l, new Map([...m].filter(([k]) => heldKeys.has(k)))])),
  };
  return { train, heldOut };
}

/**
 * Parallel sentences (FLORES/SIB-200, Tatoeba), split by sentence key. A sentence is both the
 * question and the passage of its example (q_en = p_en, q_L = p_L, encoded in both roles), so
 * the losses contrast each sentence with the other sentences and their translations. The
 * held-out corpus does the same: every held-out sentence is a query whose relevant documents are
 * itself and its translation, so bilingual Max@R is the rank of the translation behind the
 * sentence itself (≥ 2), and monolingual figures are near-trivial.
 */
export function parallelTrainingData(corpus: ParallelCorpus, opts: SplitOptions): SplitData {
  const { pivot, langs } = opts;
  const units: string[] = [];
  for (const set of corpus.sets) for (const s of set.sentences) if (s.lang === pivot) units.push(`${set.name}/${s.key}`);
  if (units.length === 0) throw new UserError(`${corpus.name} has no ${pivot} sentences to pair with`, { file: corpus.path });
  const trainUnits = chooseTrain(units, opts.trainFraction ?? 0.8, opts.seed);
  const b = new TrainingSetBuilder(pivot);
  const queries: Query[] = [];
  const docs: Doc[] = [];
  const qrels = new Map<string, Map<string, string[]>>();
  for (const set of corpus.sets) {
    const byKey = new Map<string, Map<string, string>>();
    for (const s of set.sentences) {
      if (!byKey.has(s.key)) byKey.set(s.key, new Map());
      byKey.get(s.key)!.set(s.lang, s.text);
    }
    for (const [key, texts] of byKey) {
      const en = texts.get(pivot);
      if (en === undefined) continue;
      const unit = `${set.name}/${key}`;
      if (trainUnits.has(unit)) {
        for (const L of langs) {
          const t = texts.get(L);
          if (t !== undefined) b.example(L, unit, { en, L: t }, { en, L: t });
        }
        continue;
      }
      for (const lang of [pivot, ...langs]) {
        const text = texts.get(lang);
        if (text === undefined) continue;
        const id = `${lang}/${unit}`;
        queries.push({ id, key: unit, lang, text });
        docs.push({ id, group: unit, lang, text });
        if (!qrels.has(lang)) qrels.set(lang, new Map());
        qrels.get(lang)!.set(unit, [id]);
      }
    }
  }
  const split = `sentences: ${trainUnits.size} of ${new Set(units).size} for training, seed ${opts.seed}`;
  const train = requireExamples(b.build({ kind: 'parallel', path: corpus.path, split }), corpus.path);
  const heldOut = heldOutCorpus(corpus, `${corpus.name} (held out)`, [pivot, ...langs], queries, docs, qrels);
  return { train, heldOut };
}

/** A QA corpus over the given units, keeping only queries that have a document in every language of their key's query set. */
export function heldOutCorpus(
  from: { name: string; path: string; format: QACorpus['format']; languages: QACorpus['languages'] },
  name: string,
  langs: string[],
  queries: Query[],
  docs: Doc[],
  qrels: Map<string, Map<string, string[]>>,
): QACorpus {
  // Bilingual needs each L query's key to have a relevant document in L and in the pivot.
  const complete = (key: string) => langs.every((l) => qrels.get(l)?.has(key));
  const keep = new Set(queries.filter((q) => complete(q.key)).map((q) => q.key));
  const present = new Set(langs);
  return {
    kind: 'qa',
    name,
    format: from.format,
    path: from.path,
    unit: 'passage',
    languages: langs.map((code) => from.languages.find((l) => l.code === code) ?? { code, label: code }).filter((l) => present.has(l.code)),
    skipped: [],
    queries: queries.filter((q) => keep.has(q.key)),
    docs,
    qrels,
  };
}

export function requireExamples(set: TrainingSet, file: string): TrainingSet {
  if (set.examples.length < 2) {
    throw new UserError(`only ${set.examples.length} training example(s) after the split; training needs at least 2 per batch`, {
      file,
      hint: 'check --langs and --pivot against the languages of the data',
    });
  }
  return set;
}
