import type { Doc, QACorpus, Query } from '../../../src/core/data/corpus';
import { rng } from '../../../src/core/metrics/stats';
import { gaussian } from '../../../src/core/training/adapters';

/**
 * A parallel QA corpus whose embeddings carry a planted language bias: each passage has a
 * meaning vector, each question a meaning near its passage's, every text a little noise; every
 * text carries an offset along its language's direction (English too), and non-English questions
 * lean along the English direction as well. Non-English questions then prefer English passages
 * over their own relevant passage (English inclination: high bilingual Max@R and EIR), while
 * rankings inside one language are barely touched (the offset is common to all of a language's
 * passages). Without the offsets the same corpus has Max@R ≈ 2 and EIR ≈ 0.04.
 */
export interface PlantedOptions {
  articles: number;
  passagesPerArticle: number;
  questionsPerPassage: number;
  langs: string[];
  dim: number;
  seed: number;
  /** Offset of non-English passages / questions along their language's direction. */
  passageBias: number;
  queryBias: number;
  /** Offset of every English text along an "English" direction. */
  englishBias: number;
  /** Offset of non-English questions along the English direction (the inclination). */
  inclination: number;
  noise: number;
  /** How far a question strays from its passage's meaning. */
  questionSpread: number;
}

export const PLANTED_DEFAULTS: PlantedOptions = {
  articles: 40,
  passagesPerArticle: 3,
  questionsPerPassage: 3,
  langs: ['de', 'zh'],
  dim: 48,
  seed: 1,
  passageBias: 1,
  queryBias: 0.5,
  englishBias: 1,
  inclination: 0.8,
  noise: 0.2,
  questionSpread: 1.4,
};

export function plantedCorpus(over: Partial<PlantedOptions> = {}): { corpus: QACorpus; vectors: Record<string, number[]> } {
  const o = { ...PLANTED_DEFAULTS, ...over };
  const next = rng(o.seed);
  const unit = (): number[] => {
    const v = Array.from({ length: o.dim }, () => gaussian(next));
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const add = (...terms: Array<[number, number[]]>) => Array.from({ length: o.dim }, (_, t) => terms.reduce((s, [c, v]) => s + c * v[t], 0));
  const all = ['en', ...o.langs];
  const offset = Object.fromEntries(o.langs.map((l) => [l, unit()]));
  const english = unit();
  const bias = (lang: string, own: number, toEnglish: number): Array<[number, number[]]> =>
    lang === 'en' ? [[o.englishBias, english]] : [[own, offset[lang]], [toEnglish, english]];
  const vectors: Record<string, number[]> = {};
  const queries: Query[] = [];
  const docs: Doc[] = [];
  const qrels = new Map<string, Map<string, string[]>>(all.map((l) => [l, new Map()]));
  let g = 0;
  let q = 0;
  for (let a = 0; a < o.articles; a++) {
    for (let p = 0; p < o.passagesPerArticle; p++, g++) {
      const meaning = unit();
      for (const lang of all) {
        const text = `${lang} p${g}`;
        vectors[text] = add([1, meaning], [o.noise, unit()], ...bias(lang, o.passageBias, 0));
        docs.push({ id: `${lang}/p${g}`, group: `p${g}`, article: `a${a}`, lang, text });
      }
      for (let k = 0; k < o.questionsPerPassage; k++, q++) {
        const qm = add([1, meaning], [o.questionSpread, unit()]);
        for (const lang of all) {
          const text = `${lang} q${q}`;
          vectors[text] = add([1, qm], [o.noise, unit()], ...bias(lang, o.queryBias, o.inclination));
          queries.push({ id: `${lang}/q${q}`, key: `q${q}`, lang, text });
          qrels.get(lang)!.set(`q${q}`, [`${lang}/p${g}`]);
        }
      }
    }
  }
  const corpus: QACorpus = {
    kind: 'qa',
    name: 'planted',
    format: 'xquad',
    path: 'planted',
    unit: 'passage',
    languages: all.map((code) => ({ code, label: code })),
    skipped: [],
    queries,
    docs,
    qrels,
  };
  return { corpus, vectors };
}

/**
 * The same planted bias on the structure of a real parallel QA corpus (XQuAD: its articles,
 * passages and questions per passage), for the controlled experiment at the real data's size.
 * Texts are renamed `<lang> p<i>` / `<lang> q<i>` (real texts can repeat across languages, which
 * a text-keyed table could not tell apart); ids, groups, articles and judgements are kept.
 */
export function plantedOn(real: QACorpus, over: Partial<PlantedOptions> = {}): { corpus: QACorpus; vectors: Record<string, number[]> } {
  const o = { ...PLANTED_DEFAULTS, ...over };
  const next = rng(o.seed);
  const unit = (): number[] => {
    const v = Array.from({ length: o.dim }, () => gaussian(next));
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const add = (...terms: Array<[number, number[]]>) => Array.from({ length: o.dim }, (_, t) => terms.reduce((s, [c, v]) => s + c * v[t], 0));
  const langs = real.languages.map((l) => l.code).filter((l) => l !== 'en');
  const offset = Object.fromEntries(langs.map((l) => [l, unit()]));
  const english = unit();
  const bias = (lang: string, own: number, toEnglish: number): Array<[number, number[]]> =>
    lang === 'en' ? [[o.englishBias, english]] : [[own, offset[lang]], [toEnglish, english]];
  const vectors: Record<string, number[]> = {};
  const groups = [...new Set(real.docs.map((d) => d.group))];
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  const meaning = new Map(groups.map((g) => [g, unit()]));
  const docs: Doc[] = real.docs.map((d) => {
    const text = `${d.lang} p${groupIndex.get(d.group)}`;
    vectors[text] = add([1, meaning.get(d.group)!], [o.noise, unit()], ...bias(d.lang, o.passageBias, 0));
    return { ...d, text };
  });
  const docById = new Map(docs.map((d) => [d.id, d]));
  const keys = [...new Set(real.queries.map((q) => q.key))];
  const keyIndex = new Map(keys.map((k, i) => [k, i]));
  const questionMeaning = new Map<string, number[]>();
  const queries: Query[] = real.queries.map((q) => {
    let qm = questionMeaning.get(q.key);
    if (!qm) {
      const rel = docById.get(real.qrels.get(q.lang)?.get(q.key)?.[0] ?? '');
      qm = add([1, rel ? meaning.get(rel.group)! : unit()], [o.questionSpread, unit()]);
      questionMeaning.set(q.key, qm);
    }
    const text = `${q.lang} q${keyIndex.get(q.key)}`;
    vectors[text] = add([1, qm], [o.noise, unit()], ...bias(q.lang, o.queryBias, o.inclination));
    return { ...q, text };
  });
  return { corpus: { ...real, name: `${real.name} (planted)`, docs, queries }, vectors };
}
