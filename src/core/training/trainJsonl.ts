import * as fs from 'node:fs';
import type { Doc, Query } from '../data/corpus';
import { tryCanonicalLang } from '../data/languages';
import { readLines } from '../data/lines';
import { UserError } from '../errors';
import { chooseValidation, type SplitData, type SplitOptions, heldOutCorpus, requireExamples } from './data';
import { TRAIN_DEFAULTS } from './defaults';
import { rng } from '../metrics/stats';
import { TrainingSetBuilder } from './trainingSet';

/**
 * User training data: JSONL, one parallel example per line,
 *   `{"q_en": "...", "q_L": "...", "p_en": "...", "p_L": "...", "lang": "de"}`
 * (`lang` may be left out when a single target language is trained), or with the language in
 * the field names: `{"q_en", "p_en", "q_de", "p_de", "q_zh", "p_zh"}` for `--langs de,zh`.
 * With another pivot, its fields are `q_<pivot>` and `p_<pivot>`. Identical pivot passages form
 * one passage group; the held-out part is a seeded share of the groups (default 20%).
 * Every problem is a UserError naming the file and line.
 */
export function isTrainingJsonl(file: string): boolean {
  if (!/\.jsonl?$/i.test(file) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const text = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    const first = text.split('\n').find((l) => l.trim() !== '');
    return first !== undefined && /"q_[A-Za-z]/.test(first) && /"p_[A-Za-z]/.test(first);
  } finally {
    fs.closeSync(fd);
  }
}

interface Row {
  line: number;
  group: string;
  en: { q: string; p: string };
  targets: Array<{ lang: string; q: string; p: string }>;
}

export async function jsonlTrainingData(file: string, opts: SplitOptions & { signal?: AbortSignal }): Promise<SplitData> {
  const { pivot, langs } = opts;
  const rows: Row[] = [];
  await readLines(
    file,
    (text, line) => {
      if (text.trim() === '') return;
      rows.push(parseRow(text, line, file, pivot, langs));
    },
    { signal: opts.signal },
  );
  if (rows.length === 0) throw new UserError('no training examples', { file });

  const groups = [...new Set(rows.map((r) => r.group))].sort();
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  const fraction = opts.trainFraction ?? 0.8;
  const shuffled = groups.slice();
  const next = rng((opts.seed ^ 0x15a1) >>> 0);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const nTrain = groups.length < 2 ? groups.length : Math.min(groups.length - 1, Math.max(1, Math.round(groups.length * fraction)));
  const train = new Set(shuffled.slice(0, nTrain));
  const vFraction = opts.validationFraction ?? TRAIN_DEFAULTS.validationFraction;
  const valid = chooseValidation(train, vFraction, opts.seed);

  const b = new TrainingSetBuilder(pivot);
  const test = new JsonlHeldOut(file, groupIndex);
  const validation = new JsonlHeldOut(file, groupIndex);
  for (const r of rows) {
    if (train.has(r.group) && !valid.has(r.group)) {
      for (const t of r.targets) b.example(t.lang, r.group, { en: r.en.q, L: t.q }, { en: r.en.p, L: t.p });
      continue;
    }
    (valid.has(r.group) ? validation : test).row(r, pivot);
  }
  const split = `passages: ${train.size} of ${groups.length} for training, seed ${opts.seed}${valid.size ? ` (${valid.size} of them for validation, ${train.size - valid.size} trained on)` : ''}`;
  const set = requireExamples(b.build({ kind: 'jsonl', path: file, split }), file);
  const languages = [pivot, ...langs].map((code) => ({ code, label: code }));
  const corpusOf = (h: JsonlHeldOut, what: string) => heldOutCorpus({ name: file, path: file, format: 'jsonl', languages }, `${file} (${what})`, [pivot, ...langs], h.queries, h.docs, h.qrels);
  return {
    train: set,
    heldOut: corpusOf(test, 'held out'),
    validation: valid.size ? corpusOf(validation, 'validation') : undefined,
    splits: {
      test: `test: held-out passages, ${groups.length - train.size} of ${groups.length} (measured once, after training)`,
      validation: valid.size
        ? `validation: ${valid.size} of the ${train.size} training passages (share ${vFraction}), evaluated during training`
        : `validation: none (${train.size} training passages; the last step is kept)`,
    },
  };
}

/** The rows of one held-out part as queries, passages and judgements. */
class JsonlHeldOut {
  readonly queries: Query[] = [];
  readonly docs: Doc[] = [];
  readonly qrels = new Map<string, Map<string, string[]>>();
  private readonly docIds = new Map<string, string>();

  constructor(
    private readonly file: string,
    private readonly groupIndex: Map<string, number>,
  ) {}

  row(r: Row, pivot: string): void {
    const key = `l${r.line}`;
    this.query(pivot, key, r.en.q, this.doc(pivot, r.group, r.en.p), r.line);
    for (const t of r.targets) this.query(t.lang, key, t.q, this.doc(t.lang, r.group, t.p), r.line);
  }

  private doc(lang: string, group: string, text: string): string {
    const k = `${lang}\u0000${group}`;
    let id = this.docIds.get(k);
    if (id === undefined) {
      id = `${lang}/g${this.groupIndex.get(group)}`;
      this.docIds.set(k, id);
      this.docs.push({ id, group: `g${this.groupIndex.get(group)}`, lang, text, source: { file: this.file } });
    }
    return id;
  }

  private query(lang: string, key: string, text: string, docId: string, line: number): void {
    this.queries.push({ id: `${lang}/${key}`, key, lang, text, source: { file: this.file, line } });
    if (!this.qrels.has(lang)) this.qrels.set(lang, new Map());
    this.qrels.get(lang)!.set(key, [docId]);
  }
}

function parseRow(text: string, line: number, file: string, pivot: string, langs: string[]): Row {
  const where = { file, line };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new UserError(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`, where);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UserError('each line must be a JSON object {"q_en", "q_L", "p_en", "p_L"}', where);
  const row = v as Record<string, unknown>;
  const str = (name: string, required: boolean): string | undefined => {
    const x = row[name];
    if (x === undefined && !required) return undefined;
    if (typeof x !== 'string' || x.trim() === '') throw new UserError(`"${name}" must be a non-empty string`, where);
    return x;
  };
  const en = { q: str(`q_${pivot}`, true)!, p: str(`p_${pivot}`, true)! };
  const targets: Row['targets'] = [];
  if (row.q_L !== undefined || row.p_L !== undefined) {
    const given = row.lang;
    if (given !== undefined && typeof given !== 'string') throw new UserError('"lang" must be a string', where);
    const lang = given === undefined ? (langs.length === 1 ? langs[0] : undefined) : tryCanonicalLang(given);
    if (lang === undefined) {
      throw new UserError(given === undefined ? `"lang" is needed when training several languages (${langs.join(', ')})` : `unknown language code "${given}"`, where);
    }
    if (langs.includes(lang)) targets.push({ lang, q: str('q_L', true)!, p: str('p_L', true)! });
  }
  for (const lang of langs) {
    const q = str(`q_${lang}`, false);
    const p = str(`p_${lang}`, false);
    if ((q === undefined) !== (p === undefined)) throw new UserError(`"q_${lang}" and "p_${lang}" go together`, where);
    if (q !== undefined && p !== undefined) targets.push({ lang, q, p });
  }
  if (targets.length === 0) throw new UserError(`no target-language fields for ${langs.join(', ')} (expected q_L/p_L or q_<lang>/p_<lang>)`, where);
  return { line, group: en.p, en, targets };
}
