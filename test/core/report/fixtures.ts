import type { PerQueryRecord, Report } from '../../../src/core/report/schema';

/** A per-query record with just what the report helpers read. */
export function rec(id: string, task: string, relRanks: number[], poolSize: number, extra: Partial<PerQueryRecord> = {}): PerQueryRecord {
  const lang = id.split('/')[0];
  const maxRank = Math.max(...relRanks);
  const rel = relRanks.length;
  return {
    id,
    key: id.split('/')[1],
    lang,
    task,
    text: `question ${id}`,
    relevant: relRanks.map((rank, i) => ({ doc: `${i === 0 ? lang : 'en'}/p${i}`, lang: i === 0 ? lang : 'en', rank })),
    top: [],
    metrics: { MaxRank: maxRank, nMaxRank: poolSize > rel ? (maxRank - rel) / (poolSize - rel) : 0, AP: 0 },
    ...extra,
  };
}

export function report(partial: Partial<Report>): Report {
  return {
    tool: 'xlens',
    version: '0.0.0',
    createdAt: '2025-01-01T00:00:00.000Z',
    dataset: { name: 'tiny', path: '/data/tiny', format: 'xquad', unit: 'passage', languages: [], queries: 0, documents: 0, skipped: 0 },
    model: { source: 'builtin:char-ngram', name: 'char-ngram', dim: 8, fingerprint: 'f', settings: {}, stats: { texts: 0, encoded: 0, cacheHits: 0, truncated: 0 } },
    scenario: 'bilingual',
    languages: ['de', 'en'],
    pivot: 'en',
    k: [1, 10],
    completeK: [2, 5, 10],
    retrieval: { backend: 'ts', exact: true },
    definitions: { 'Max@R': 'Mean of MaxRank.' },
    byLanguage: {},
    overall: { queries: 0 },
    timings: {},
    notes: [],
    ...partial,
  };
}
