import { tryCanonicalLang } from '../data/languages';
import { UserError } from '../errors';

/**
 * A published MTEB result (one TaskResult JSON) read as a baseline to show beside an XLens run.
 * `byLanguage` is keyed by XLens's canonical query language (`de`), or `de→en` for a
 * cross-lingual subset (query language → document language, as XLens names matrix tasks).
 * Metric keys are XLens report keys where the definition is the same (nDCG@k, Recall@k, MRR@k);
 * MTEB's map_at_k becomes `MAP@k` (AP cut at k, trec_eval map_cut), which is NOT XLens's `mAP`
 * (uncut AP), and precision_at_k becomes `P@k`, which XLens does not compute.
 */
export interface MtebBaseline {
  /** The file's name (no directory), for the label. */
  fileName: string;
  /** From XLens's own provenance, a `model_name` key, or MTEB's `results/<org>__<model>/<revision>/` layout; undefined when unknown. */
  model?: string;
  taskName: string;
  split: string;
  byLanguage: Record<string, Record<string, number>>;
  /** Keys of `byLanguage` rows whose definition equals XLens's metric of the same name (a difference from the run means something). */
  comparable: string[];
  /** MTEB metric keys read, as `map_at_10 → MAP@10`. */
  mapped: string[];
  /** MTEB keys not read (no XLens equivalent, not a number) and subsets that could not be placed, with why. */
  leftOut: string[];
}

/** MTEB metric key → XLens key: the metrics MTEB and XLens define alike, plus two MTEB-only ones under their own names. */
const METRICS: Array<[RegExp, (k: string) => string]> = [
  [/^ndcg_at_(\d+)$/, (k) => `nDCG@${k}`],
  [/^recall_at_(\d+)$/, (k) => `Recall@${k}`],
  [/^mrr_at_(\d+)$/, (k) => `MRR@${k}`],
  // Not XLens's mAP (AP over the whole ranking): a different metric, kept under its own name.
  [/^map_at_(\d+)$/, (k) => `MAP@${k}`],
  [/^precision_at_(\d+)$/, (k) => `P@${k}`],
];

/** XLens keys read from MTEB that XLens computes with the same definition (so a difference is meaningful). */
export function sameDefinitionAsXlens(key: string): boolean {
  return /^(nDCG|Recall|MRR)@\d+$/.test(key);
}

/**
 * Parses an MTEB TaskResult (`{task_name, scores: {split: [{hf_subset, languages, main_score,
 * ndcg_at_10, ...}]}}`, as MTEB ≥ 1.11 and `xlens eval --mteb-out` write it; the older
 * `{mteb_dataset_name, test: {<subset>: {...}}}` form too). `split` picks the split (default
 * `test`, else the only/first one). Throws a UserError naming `file` on anything unusable.
 */
export function readMtebBaseline(text: string, file: string, opts: { split?: string } = {}): MtebBaseline {
  const bad = (what: string, hint?: string) => new UserError(`not an MTEB result file: ${what}`, { file, hint });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw bad(`invalid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObject(json)) throw bad('the top level is not a JSON object');
  const taskName = typeof json.task_name === 'string' ? json.task_name : typeof json.mteb_dataset_name === 'string' ? json.mteb_dataset_name : undefined;
  if (!taskName) throw bad('no "task_name"', 'MTEB TaskResult files name their task in "task_name"');

  const splits = splitsOf(json);
  const names = Object.keys(splits);
  if (names.length === 0) throw bad('no scores ("scores": {"<split>": [...]} is missing or empty)');
  const split = opts.split ?? (names.includes('test') ? 'test' : names[0]);
  const entries = splits[split];
  if (!entries) throw bad(`no split "${split}" (it has ${names.join(', ')})`);

  const byLanguage: Record<string, Record<string, number>> = {};
  const mapped = new Set<string>();
  const leftOut = new Set<string>();
  entries.forEach((e, i) => {
    const subset = typeof e.hf_subset === 'string' ? e.hf_subset : 'default';
    const languages = Array.isArray(e.languages) ? e.languages.filter((l): l is string => typeof l === 'string') : [];
    const lang = languageOf(subset, languages);
    if (!lang) {
      leftOut.add(`subset "${subset}" (languages ${languages.join(', ') || 'none'}): not one query language`);
      return;
    }
    if (byLanguage[lang]) {
      leftOut.add(`subset "${subset}": a second entry for ${lang}`);
      return;
    }
    const row: Record<string, number> = {};
    for (const [key, value] of Object.entries(e)) {
      if (key === 'hf_subset' || key === 'languages') continue;
      const to = metricKey(key);
      if (!to) {
        leftOut.add(key === 'main_score' ? 'main_score (task-specific; its metric is also listed under its own key)' : key);
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`scores.${split}[${i}].${key} is not a finite number`);
      row[to] = value;
      mapped.add(`${key} → ${to}`);
    }
    byLanguage[lang] = row;
  });
  const comparable = [...new Set(Object.values(byLanguage).flatMap((r) => Object.keys(r)))].filter(sameDefinitionAsXlens).sort();
  if (Object.keys(byLanguage).length === 0) throw bad(`no score entry of split "${split}" names a language XLens knows`);
  return { fileName: file.split(/[\\/]/).pop() ?? file, model: modelOf(json, file), taskName, split, byLanguage, comparable, mapped: [...mapped].sort(), leftOut: [...leftOut].sort() };
}

function metricKey(key: string): string | undefined {
  for (const [re, to] of METRICS) {
    const m = re.exec(key);
    if (m) return to(m[1]);
  }
  return undefined;
}

/**
 * The row key of a subset: its one language (`de`, `deu-Latn`, or `default` with one entry in
 * `languages`), or `de→en` for a pair subset (`de-en`, `deu_Latn-eng_Latn`). A code with a
 * region (`pt-BR`) is read as a region, a two-letter/three-letter pair as two languages.
 */
function languageOf(subset: string, languages: string[]): string | undefined {
  const pair = /^([A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?)-([A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?)$/.exec(subset);
  if (pair && !/^[A-Za-z]{2,3}-[A-Z]{2}$/.test(subset) && !/^[A-Za-z]{2,3}-[A-Za-z]{4}$/.test(subset)) {
    const q = tryCanonicalLang(pair[1]);
    const d = tryCanonicalLang(pair[2]);
    if (q && d) return `${q}→${d}`;
  }
  const own = subset === 'default' ? undefined : tryCanonicalLang(subset);
  if (own) return own;
  const fromList = [...new Set(languages.map((l) => tryCanonicalLang(l)))];
  return fromList.length === 1 ? fromList[0] : undefined;
}

type Entry = Record<string, unknown>;

/** `scores` of a TaskResult, or the top-level split objects of the pre-1.11 format (`{test: {de: {...}}}` or `{test: {ndcg_at_10: ...}}`). */
function splitsOf(json: Record<string, unknown>): Record<string, Entry[]> {
  const out: Record<string, Entry[]> = {};
  if (isObject(json.scores)) {
    for (const [split, list] of Object.entries(json.scores)) if (Array.isArray(list)) out[split] = list.filter(isObject);
    return out;
  }
  for (const [split, v] of Object.entries(json)) {
    if (!isObject(v) || !['test', 'dev', 'validation', 'train'].includes(split)) continue;
    const subsets = Object.entries(v).filter(([, s]) => isObject(s)) as Array<[string, Entry]>;
    out[split] = subsets.length > 0 ? subsets.map(([hf_subset, s]) => ({ ...s, hf_subset })) : [{ ...v, hf_subset: 'default' }];
  }
  return out;
}

function modelOf(json: Record<string, unknown>, file: string): string | undefined {
  const x = json.xlens;
  if (isObject(x) && typeof x.model === 'string') return x.model;
  if (typeof json.model_name === 'string') return json.model_name;
  // MTEB's results repository: results/<org>__<model>/<revision>/<Task>.json
  const parts = file.split(/[\\/]/);
  const org = parts.length >= 3 ? parts[parts.length - 3] : '';
  return org.includes('__') ? org.replace('__', '/') : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
