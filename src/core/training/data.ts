import type { Doc, ParallelCorpus, QACorpus, Query } from '../data/corpus';
import { UserError } from '../errors';
import { rng } from '../metrics/stats';
import { fingerprintOf } from '../util/hash';
import { shuffle } from './batch';
import { TRAIN_DEFAULTS } from './defaults';
import { type TrainingSet, TrainingSetBuilder } from './trainingSet';

/**
 * Training sets from the corpora XLens loads, each with two held-out QA corpora (SPEC §6): the
 * test split (held-out units, measured once after training) and the validation split, carved
 * from the training units, that early stopping and the best step use. Splits are by passage or
 * larger unit, never by question, and seeded; the test split does not depend on the validation
 * share (so it is the same units whatever validation share a run used).
 */
export interface SplitOptions {
  /** Target languages (canonical, ≠ pivot). */
  langs: string[];
  pivot: string;
  seed: number;
  /** Share of the split units used for training (default 0.5 for QA corpora: XQuAD's 48 articles → 24/24; 0.8 otherwise). */
  trainFraction?: number;
  /** Share of the training units set aside for validation (default TRAIN_DEFAULTS.validationFraction; 0 = none). */
  validationFraction?: number;
}

export interface SplitData {
  train: TrainingSet;
  /** The test split as a QA corpus: held-out units, measured once after training. */
  heldOut: QACorpus;
  /** The validation split (units carved from the training part), when the training part had ≥ 2 units. */
  validation?: QACorpus;
  /** Which units each split holds, in words (for reports, checkpoints and the panel). */
  splits: { test: string; validation: string };
  /** QA corpora: what `xlens eval` needs to find the held-out part of the same data again. */
  heldOutUnits?: HeldOutUnits;
}

/** The test units of a QA split, and the fingerprint of the data they were drawn from. */
export interface HeldOutUnits {
  /** `datasetFingerprint` of the corpus the split was made from. */
  dataset: string;
  unit: 'article' | 'passage';
  /** Held-out (test) unit ids: article keys (`a3`) or passage groups (`p17`). */
  units: string[];
  /** Units in the whole corpus. */
  of: number;
}

/**
 * Identity of a QA corpus for leakage checks: its pivot-language passages (id and text). It does
 * not depend on which other languages were loaded, so a checkpoint trained on `de,zh` recognises
 * its data when evaluated with `--langs de` (or every language).
 */
export function datasetFingerprint(corpus: QACorpus, pivot: string): string | undefined {
  const docs = corpus.docs.filter((d) => d.lang === pivot);
  if (docs.length === 0) return undefined;
  return fingerprintOf('xlens-dataset', 1, corpus.unit, pivot, JSON.stringify(docs.map((d) => [d.id, d.group, d.article ?? '', d.text])));
}

/** The unit a QA corpus splits by: articles when it has several, else passage groups. */
export function splitUnitOf(corpus: QACorpus): { unit: 'article' | 'passage'; of: (d: Doc) => string } {
  const articles = new Set(corpus.docs.map((d) => d.article));
  const byArticle = articles.size >= 2 && !articles.has(undefined);
  return byArticle ? { unit: 'article', of: (d) => d.article! } : { unit: 'passage', of: (d) => d.group };
}

/** Split units (sorted, then a seeded shuffle) → the set of training units. */
function chooseTrain(units: string[], fraction: number, seed: number): Set<string> {
  const sorted = [...new Set(units)].sort();
  if (sorted.length < 2) throw new UserError(`cannot split ${sorted.length} unit(s) into training and held-out parts`);
  const n = Math.min(sorted.length - 1, Math.max(1, Math.round(sorted.length * fraction)));
  return new Set(shuffle(sorted, rng((seed ^ 0x5b1) >>> 0)).slice(0, n));
}

/**
 * The validation units, carved from the training units (a seeded share, at least one when the
 * share is > 0, always leaving one to train on); empty when there are fewer than two.
 */
export function chooseValidation(trainUnits: Set<string>, fraction: number, seed: number): Set<string> {
  if (!(fraction >= 0 && fraction < 1)) throw new UserError(`the validation share must be in [0, 1), got ${fraction}`);
  const sorted = [...trainUnits].sort();
  if (fraction === 0 || sorted.length < 2) return new Set();
  const n = Math.min(sorted.length - 1, Math.max(1, Math.round(sorted.length * fraction)));
  return new Set(shuffle(sorted, rng((seed ^ 0x7a11d) >>> 0)).slice(0, n));
}

function validationText(kind: string, n: number, of: number, fraction: number): string {
  return n === 0
    ? `validation: none (${of} training ${kind}; early stopping and the best step need a validation split, so the last step is kept)`
    : `validation: ${n} of the ${of} training ${kind} (share ${fraction}), evaluated during training`;
}

/** The part of a QA corpus whose documents satisfy `keep`, with the queries all of whose relevant documents are kept. */
export function restrictCorpus(corpus: QACorpus, keep: (d: Doc) => boolean, name: string, langs?: Set<string>): QACorpus {
  const wanted = (l: string) => !langs || langs.has(l);
  const docs = corpus.docs.filter((d) => wanted(d.lang) && keep(d));
  const kept = new Set(docs.map((d) => d.id));
  const qrels = new Map<string, Map<string, string[]>>();
  for (const [l, m] of corpus.qrels) {
    if (!wanted(l)) continue;
    qrels.set(l, new Map([...m].filter(([, ids]) => ids.length > 0 && ids.every((id) => kept.has(id)))));
  }
  return {
    ...corpus,
    name,
    languages: corpus.languages.filter((l) => wanted(l.code)),
    queries: corpus.queries.filter((q) => wanted(q.lang) && qrels.get(q.lang)?.has(q.key)),
    docs,
    qrels,
  };
}

/**
 * A parallel QA corpus (XQuAD, XQuAD-R, Belebele) split by article (by passage when the corpus
 * has no articles or a single one, like a one-article sample). An example per pivot question with a translation in a target language; the
 * passage group is the pivot passage (or answer sentence) the question is relevant to.
 */
export function qaTrainingData(corpus: QACorpus, opts: SplitOptions): SplitData {
  const { pivot, langs } = opts;
  const docById = new Map<string, Doc>(corpus.docs.map((d) => [d.id, d]));
  const { unit, of: unitOf } = splitUnitOf(corpus);
  const byLangKey = new Map<string, Query>(corpus.queries.map((q) => [`${q.lang}\u0000${q.key}`, q]));
  const relDoc = (lang: string, key: string): Doc | undefined => {
    const id = corpus.qrels.get(lang)?.get(key)?.[0];
    return id === undefined ? undefined : docById.get(id);
  };
  const pivotDocs = corpus.docs.filter((d) => d.lang === pivot);
  if (pivotDocs.length === 0) throw new UserError(`${corpus.name} has no ${pivot} passages to pair with`, { file: corpus.path });
  const trainUnits = chooseTrain(pivotDocs.map(unitOf), opts.trainFraction ?? 0.5, opts.seed);
  const vFraction = opts.validationFraction ?? TRAIN_DEFAULTS.validationFraction;
  const validUnits = chooseValidation(trainUnits, vFraction, opts.seed);

  const b = new TrainingSetBuilder(pivot);
  for (const q of corpus.queries) {
    if (q.lang !== pivot) continue;
    const pEn = relDoc(pivot, q.key);
    if (!pEn || !trainUnits.has(unitOf(pEn)) || validUnits.has(unitOf(pEn))) continue;
    for (const L of langs) {
      const qL = byLangKey.get(`${L}\u0000${q.key}`);
      const pL = relDoc(L, q.key);
      if (qL && pL) b.example(L, pEn.id, { en: q.text, L: qL.text }, { en: pEn.text, L: pL.text });
    }
  }
  const kind = unit === 'article' ? 'articles' : 'passages';
  const allUnits = [...new Set(pivotDocs.map(unitOf))];
  const testUnits = allUnits.filter((u) => !trainUnits.has(u)).sort();
  const nTrain = trainUnits.size - validUnits.size;
  const split = `${kind}: ${trainUnits.size} of ${allUnits.length} for training, seed ${opts.seed}${validUnits.size ? ` (${validUnits.size} of them for validation, ${nTrain} trained on)` : ''}`;
  const train = requireExamples(b.build({ kind: 'qa', path: corpus.path, split }), corpus.path);

  const wanted = new Set([...langs, pivot]);
  const heldOut = restrictCorpus(corpus, (d) => !trainUnits.has(unitOf(d)), `${corpus.name} (held out)`, wanted);
  const validation = validUnits.size ? restrictCorpus(corpus, (d) => validUnits.has(unitOf(d)), `${corpus.name} (validation)`, wanted) : undefined;
  return {
    train,
    heldOut,
    validation,
    splits: {
      test: `test: held-out ${kind}, ${testUnits.length} of ${allUnits.length} (measured once, after training)`,
      validation: validationText(kind, validUnits.size, trainUnits.size, vFraction),
    },
    heldOutUnits: { dataset: datasetFingerprint(corpus, pivot)!, unit, units: testUnits, of: allUnits.length },
  };
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
  const vFraction = opts.validationFraction ?? TRAIN_DEFAULTS.validationFraction;
  const validUnits = chooseValidation(trainUnits, vFraction, opts.seed);
  const b = new TrainingSetBuilder(pivot);
  const test = new HeldOutParts();
  const valid = new HeldOutParts();
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
      if (trainUnits.has(unit) && !validUnits.has(unit)) {
        for (const L of langs) {
          const t = texts.get(L);
          if (t !== undefined) b.example(L, unit, { en, L: t }, { en, L: t });
        }
        continue;
      }
      const parts = validUnits.has(unit) ? valid : test;
      for (const lang of [pivot, ...langs]) {
        const text = texts.get(lang);
        if (text !== undefined) parts.sentence(lang, unit, text);
      }
    }
  }
  const nUnits = new Set(units).size;
  const split = `sentences: ${trainUnits.size} of ${nUnits} for training, seed ${opts.seed}${validUnits.size ? ` (${validUnits.size} of them for validation, ${trainUnits.size - validUnits.size} trained on)` : ''}`;
  const train = requireExamples(b.build({ kind: 'parallel', path: corpus.path, split }), corpus.path);
  const all = [pivot, ...langs];
  const heldOut = heldOutCorpus(corpus, `${corpus.name} (held out)`, all, test.queries, test.docs, test.qrels);
  const validation = validUnits.size ? heldOutCorpus(corpus, `${corpus.name} (validation)`, all, valid.queries, valid.docs, valid.qrels) : undefined;
  return {
    train,
    heldOut,
    validation,
    splits: {
      test: `test: held-out sentences, ${nUnits - trainUnits.size} of ${nUnits} (measured once, after training)`,
      validation: validationText('sentences', validUnits.size, trainUnits.size, vFraction),
    },
  };
}

/** Queries, documents and judgements of a held-out part made of sentences (each its own passage). */
class HeldOutParts {
  readonly queries: Query[] = [];
  readonly docs: Doc[] = [];
  readonly qrels = new Map<string, Map<string, string[]>>();

  sentence(lang: string, unit: string, text: string): void {
    const id = `${lang}/${unit}`;
    this.queries.push({ id, key: unit, lang, text });
    this.docs.push({ id, group: unit, lang, text });
    if (!this.qrels.has(lang)) this.qrels.set(lang, new Map());
    this.qrels.get(lang)!.set(unit, [id]);
  }
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
