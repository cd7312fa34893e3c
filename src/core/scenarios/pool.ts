import type { Doc, Judgement, PoolComposition, Query, RetrievalCorpus } from '../data/corpus';
import { LanguageSet } from '../data/languages';
import { rng } from '../metrics/stats';
import { UserError } from '../errors';

export interface ComposeOptions {
  /** Per language: how many documents of that language the pool keeps (`--pool-sample en=200000`). */
  sample?: Record<string, number>;
  seed?: number;
}

/**
 * One retrieval corpus from several (`--data A --data B`, pool.json) and/or a seeded sample of
 * some languages' documents, e.g. MIRACL-de queries against the de corpus plus 200,000 English
 * passages. Sources keep their order and their file order. Every judged document is always
 * kept; a sampled language keeps a uniform seeded sample of its unjudged documents, up to the
 * requested count. When two sources share an id, every id is prefixed with its source number
 * (`2:doc7`) so judgements stay with their source.
 */
export function composePool(sources: RetrievalCorpus[], opts: ComposeOptions = {}): RetrievalCorpus {
  if (sources.length === 0) throw new Error('composePool needs a source');
  const seed = opts.seed ?? 1;
  const clash = sources.length > 1 && sharesIds(sources);
  const prefix = (i: number, id: string) => (clash ? `${i + 1}:${id}` : id);

  const langs = new LanguageSet();
  for (const s of sources) for (const l of s.languages) langs.add(l.label);
  const queries: Query[] = [];
  const docs: Doc[] = [];
  const byQuery = new Map<string, Judgement[]>();
  const unknown = { lines: 0, first: [] as string[] };
  const files: string[] = [];
  sources.forEach((s, i) => {
    for (const q of s.queries) queries.push(clash ? { ...q, id: prefix(i, q.id), key: prefix(i, q.key) } : q);
    for (const d of s.docs) docs.push(clash ? { ...d, id: prefix(i, d.id), group: prefix(i, d.group) } : d);
    for (const [q, js] of s.judgements.byQuery) byQuery.set(prefix(i, q), clash ? js.map((j) => ({ ...j, doc: prefix(i, j.doc) })) : js);
    unknown.lines += s.judgements.unknownQueries.lines;
    unknown.first.push(...s.judgements.unknownQueries.first.map((q) => prefix(i, q)));
    files.push(...s.judgements.files);
  });
  const splits = [...new Set(sources.map((s) => s.judgements.split).filter((x) => x !== undefined))];

  const composition: PoolComposition = {
    sources: sources.map((s) => ({ path: s.path, format: s.format, queries: s.queries.length, documents: s.docs.length })),
    ...(clash ? { prefixedIds: true } : {}),
  };
  let kept = docs;
  if (opts.sample && Object.keys(opts.sample).length > 0) {
    const judged = new Set<string>();
    for (const js of byQuery.values()) for (const j of js) judged.add(j.doc);
    const perLang: NonNullable<PoolComposition['sample']>['perLang'] = {};
    const keep = new Uint8Array(docs.length).fill(1);
    for (const [lang, n] of Object.entries(opts.sample)) {
      if (!langs.has(lang)) throw new UserError(`--pool-sample: no documents in '${lang}' (the pool has ${langs.list().map((l) => l.code).join(', ')})`);
      const mine = docs.flatMap((d, i) => (d.lang === lang ? [i] : []));
      const unjudged = mine.filter((i) => !judged.has(docs[i].id));
      const judgedCount = mine.length - unjudged.length;
      const want = Math.max(0, Math.min(unjudged.length, n - judgedCount));
      // Partial Fisher–Yates with the engine's seeded generator: the first `want` are the sample.
      const r = rng(seed ^ hash(lang));
      for (let k = 0; k < want; k++) {
        const j = k + Math.floor(r() * (unjudged.length - k));
        [unjudged[k], unjudged[j]] = [unjudged[j], unjudged[k]];
      }
      for (const i of unjudged.slice(want)) keep[i] = 0;
      perLang[lang] = { kept: judgedCount + want, of: mine.length, judged: judgedCount };
    }
    kept = docs.filter((_, i) => keep[i] === 1);
    composition.sample = { seed, perLang };
  }

  return {
    kind: 'qa',
    name: sources.map((s) => s.name).join('+'),
    format: sources[0].format,
    path: sources[0].path,
    languages: langs.list(),
    skipped: sources.flatMap((s) => s.skipped),
    unit: 'passage',
    queries,
    docs: kept,
    qrels: new Map(),
    judgements: { byQuery, files, split: splits.join('+') || undefined, unknownQueries: unknown },
    composition,
  };
}

function sharesIds(sources: RetrievalCorpus[]): boolean {
  const docs = new Set<string>();
  const queries = new Set<string>();
  for (const s of sources) {
    for (const d of s.docs) if (docs.has(d.id)) return true;
    for (const q of s.queries) if (queries.has(q.id)) return true;
    for (const d of s.docs) docs.add(d.id);
    for (const q of s.queries) queries.add(q.id);
  }
  return false;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** `en=200000,de=5000` → {en: 200000, de: 5000} (language codes canonicalised by the caller). */
export function parsePoolSample(s: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(\d+)$/.exec(part);
    if (!m) throw new UserError(`--pool-sample: expected LANG=COUNT (e.g. en=200000), not "${part}"`);
    out[m[1].trim()] = Number(m[2]);
  }
  return out;
}
