import type { PerQueryRecord, Report } from '../../../src/core/report/schema';

/** A per-query record with the given metric values. */
export function record(lang: string, key: string, task: string, metrics: Record<string, number>): PerQueryRecord {
  return { id: `${lang}/${key}`, key, lang, task, relevant: [], top: [], metrics };
}

/** A minimal bilingual report around per-query records (only what Compare reads is realistic). */
export function report(perQuery: PerQueryRecord[], over: Partial<Report> = {}, model = 'model-a'): Report {
  const languages = [...new Set(perQuery.map((r) => r.lang))];
  return {
    tool: 'xlens',
    version: 'test',
    createdAt: '2025-01-01T00:00:00.000Z',
    dataset: { name: 'hand', path: '/data/hand', format: 'jsonl', unit: 'passage', languages: languages.map((code) => ({ code, label: code })), queries: 10, documents: 10, skipped: 0 },
    model: { source: `test:${model}`, name: model, dim: 4, fingerprint: model, settings: {}, stats: { texts: 0, encoded: 0, cacheHits: 0, truncated: 0 } },
    scenario: 'bilingual',
    languages,
    pivot: 'en',
    k: [1, 10],
    completeK: [1, 10],
    retrieval: { backend: 'ts', exact: true },
    definitions: {},
    byLanguage: {},
    overall: { queries: perQuery.length },
    perQuery,
    timings: {},
    notes: [],
    ...over,
  };
}

/** n records in `lang` whose metric values come from `value(i)`. */
export function records(lang: string, n: number, value: (i: number) => Record<string, number>): PerQueryRecord[] {
  return Array.from({ length: n }, (_, i) => record(lang, `q${i}`, `${lang}+en`, value(i)));
}
