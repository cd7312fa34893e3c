import { gatherRows, type Kernels, type Mat } from './kernels';
import type { TrainingSet } from './trainingSet';

/**
 * One optimisation step's worth of data, laid out for the losses. Every distinct text of the
 * batch is one row of `X` (its cached base embedding), so the adapter runs once per text; the
 * losses address rows of the adapter output through the index arrays below. All examples of a
 * batch share one target language `lang` (batches are homogeneous, see `epochBatches`).
 *
 * Relevance is by passage group everywhere: a candidate is positive for a query exactly when it
 * belongs to the query's group, so two questions about one passage, or a passage and its
 * translation, are never each other's negatives.
 */
export interface Batch {
  lang: string;
  /** B, the number of examples. */
  size: number;
  X: Mat;
  /** X row → text id in the training set. */
  textIds: Int32Array;
  /** Per example: its passage group, and the X rows of q_en, q_L, p_en, p_L. */
  group: Int32Array;
  qEn: Int32Array;
  qL: Int32Array;
  pEn: Int32Array;
  pL: Int32Array;
  /** The shared candidate passages: each distinct group once (the batch's first, `inBatch` of
   * them, then those of the hard negatives), in both languages (`en[j]` and `L[j]` translate). */
  cand: { en: Int32Array; L: Int32Array; group: Int32Array; inBatch: number };
  /** Per example × `count`: hard-negative English passages (CLEAR forward) and target-language
   * queries (CLEAR reverse), with their groups. */
  hard: { count: number; en: Int32Array; enGroup: Int32Array; qL: Int32Array; qLGroup: Int32Array };
  /** MIMO distillation pairs: student rows in English and in L, and the teacher vector of each
   * pair's English side (the same target for both rows of a pair). */
  kd?: { en: Int32Array; L: Int32Array; targets: Mat };
}

export interface BatchOptions {
  /** Teacher vectors by text id (MIMO); only rows of English texts are read. */
  teacher?: Mat;
}

/** Assemble the batch of examples `idx` (all in one language) from base vectors by text id. */
export function makeBatch(K: Kernels, set: TrainingSet, idx: readonly number[], base: Mat, opts: BatchOptions = {}): Batch {
  const B = idx.length;
  const lang = set.examples[idx[0]].lang;
  const rowOf = new Map<number, number>();
  const ids: number[] = [];
  const rowFor = (textId: number): number => {
    let r = rowOf.get(textId);
    if (r === undefined) {
      r = ids.length;
      rowOf.set(textId, r);
      ids.push(textId);
    }
    return r;
  };
  const group = new Int32Array(B);
  const [qEn, qL, pEn, pL] = [new Int32Array(B), new Int32Array(B), new Int32Array(B), new Int32Array(B)];
  idx.forEach((e, i) => {
    const ex = set.examples[e];
    if (ex.lang !== lang) throw new Error(`batch mixes languages ${lang} and ${ex.lang}`);
    group[i] = ex.group;
    qEn[i] = rowFor(ex.qEn);
    qL[i] = rowFor(ex.qL);
    pEn[i] = rowFor(ex.pEn);
    pL[i] = rowFor(ex.pL);
  });

  const candGroups: number[] = [];
  const seen = new Set<number>();
  const addGroup = (g: number) => seen.has(g) || (seen.add(g), candGroups.push(g));
  group.forEach(addGroup);
  const inBatch = candGroups.length;
  const n = set.hard?.count ?? 0;
  const hard = { count: n, en: new Int32Array(B * n), enGroup: new Int32Array(B * n), qL: new Int32Array(B * n), qLGroup: new Int32Array(B * n) };
  if (set.hard && n > 0) {
    idx.forEach((e, i) => {
      for (let t = 0; t < n; t++) {
        const g = set.hard!.groups[e * n + t];
        addGroup(g);
        hard.en[i * n + t] = rowFor(passageText(set, g, set.pivot));
        hard.enGroup[i * n + t] = g;
        hard.qL[i * n + t] = rowFor(set.hard!.queries[e * n + t]);
        hard.qLGroup[i * n + t] = set.hard!.queryGroups[e * n + t];
      }
    });
  }
  const cand = {
    en: Int32Array.from(candGroups, (g) => rowFor(passageText(set, g, set.pivot))),
    L: Int32Array.from(candGroups, (g) => rowFor(passageText(set, g, lang))),
    group: Int32Array.from(candGroups),
    inBatch,
  };

  let kd: Batch['kd'];
  if (opts.teacher) {
    // Pairs: each example's question, then each in-batch passage once.
    const en = [...qEn, ...cand.en.subarray(0, inBatch)];
    const L = [...qL, ...cand.L.subarray(0, inBatch)];
    const enText = en.map((r) => ids[r]);
    kd = { en: Int32Array.from(en), L: Int32Array.from(L), targets: gatherRows(K, opts.teacher, enText) };
  }
  const textIds = Int32Array.from(ids);
  return { lang, size: B, X: gatherRows(K, base, textIds), textIds, group, qEn, qL, pEn, pL, cand, hard, kd };
}

function passageText(set: TrainingSet, group: number, lang: string): number {
  const id = set.groupTexts[group][lang];
  if (id === undefined) throw new Error(`passage group ${group} has no text in ${lang}`);
  return id;
}

/**
 * The batches of one epoch: examples are shuffled within each language (seeded), cut into
 * batches of `size`, and the batches of all languages shuffled together. A language's last
 * batch may be smaller; one of a single example is dropped (nothing to contrast it with).
 */
export function epochBatches(set: TrainingSet, size: number, next: () => number): number[][] {
  const byLang = new Map<string, number[]>();
  set.examples.forEach((ex, i) => {
    const list = byLang.get(ex.lang);
    if (list) list.push(i);
    else byLang.set(ex.lang, [i]);
  });
  const batches: number[][] = [];
  for (const list of byLang.values()) {
    shuffle(list, next);
    for (let s = 0; s < list.length; s += size) {
      const b = list.slice(s, s + size);
      if (b.length >= 2) batches.push(b);
    }
  }
  return shuffle(batches, next);
}

/** Fisher–Yates, in place. */
export function shuffle<T>(xs: T[], next: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** Steps in one epoch (the same for every epoch). */
export function stepsPerEpoch(set: TrainingSet, size: number): number {
  const counts = new Map<string, number>();
  for (const ex of set.examples) counts.set(ex.lang, (counts.get(ex.lang) ?? 0) + 1);
  let steps = 0;
  for (const c of counts.values()) steps += Math.floor(c / size) + (c % size >= 2 ? 1 : 0);
  return steps;
}
