import * as assert from 'node:assert/strict';
import type { QACorpus } from '../../../src/core/data/corpus';
import { evaluate } from '../../../src/core/eval/evaluate';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { referenceSearch, search } from '../../../src/core/retrieval';
import { encodeToStore, openVectorStore } from '../../../src/core/store/vectorStore';
import { buildTasks } from '../../../src/core/scenarios/qa';
import { stubEncoder } from '../../support/stubEncoder';
import { KERNELS } from './kernels';

/**
 * A bilingual evaluation over a generated pool of 20,000 passages (10,000 German, 10,000
 * English) with the shipped default tiling, which cuts it into several tiles. Every vector has
 * four entries ±1/2 and twelve 0 (unit norm), so every cosine is a multiple of 1/4, exact in
 * float32 and float64 in any summation order: ties are everywhere and the ranks must equal a full
 * sort's exactly.
 */
const PER_LANG = 10_000;
// 600 queries: the default tile (about 4M scores per chunk × tile) is 6,976 documents, three tiles.
const QUERIES = 600;
const DIM = 16;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpusAndVectors() {
  const r = rng(3);
  const vec = () => {
    const v = new Array<number>(DIM).fill(0);
    const idx = Array.from({ length: DIM }, (_, i) => i).sort(() => r() - 0.5).slice(0, 4);
    for (const i of idx) v[i] = r() < 0.5 ? -0.5 : 0.5;
    return v;
  };
  const vectors: Record<string, number[]> = {};
  const docs = ['de', 'en'].flatMap((lang) =>
    Array.from({ length: PER_LANG }, (_, p) => {
      const text = `${lang} passage ${p}`;
      vectors[text] = vec();
      return { id: `${lang}/p${p}`, group: `p${p}`, lang, text };
    }),
  );
  const queries = ['de', 'en'].flatMap((lang) =>
    Array.from({ length: QUERIES }, (_, q) => {
      const text = `${lang} question ${q}`;
      vectors[text] = vec();
      return { id: `${lang}/q${q}`, key: `q${q}`, lang, text };
    }),
  );
  const qrels = new Map<string, Map<string, string[]>>();
  for (const lang of ['de', 'en']) qrels.set(lang, new Map(Array.from({ length: QUERIES }, (_, q) => [`q${q}`, [`${lang}/p${(q * 61) % PER_LANG}`]])));
  const corpus: QACorpus = {
    kind: 'qa',
    name: 'generated',
    format: 'jsonl',
    path: 'generated.jsonl',
    unit: 'passage',
    languages: [{ code: 'de', label: 'de' }, { code: 'en', label: 'en' }],
    skipped: [],
    queries,
    docs,
    qrels,
  };
  return { corpus, vectors };
}

describe('evaluate over a 20,000-passage pool (several tiles, default tiling)', () => {
  const { corpus, vectors } = corpusAndVectors();
  const opts = { scenario: 'bilingual' as const, langs: ['de'], pivot: 'en', k: [1, 10, 100] };
  const [task] = buildTasks(corpus, opts);
  const matrixOf = (texts: string[]) => ({ rows: texts.length, dim: DIM, data: Float32Array.from(texts.flatMap((t) => vectors[t])) });
  const ref = referenceSearch(
    matrixOf(task.queries.map((i) => corpus.queries[i].text)),
    matrixOf(task.docs.map((i) => corpus.docs[i].text)),
    { k: 10, relevant: task.relevant },
  );

  for (const backend of KERNELS) {
    it(`ranks and top documents equal a full sort's (${backend})`, async () => {
      assert.equal(task.docs.length, 2 * PER_LANG);
      const report = await evaluate(corpus, stubEncoder(vectors), { ...opts, perQuery: true, backend });
      const records = report.perQuery!;
      assert.equal(records.length, QUERIES);
      records.forEach((rec, i) => {
        assert.deepEqual(rec.relevant.map((x) => x.rank), Array.from(ref.relevantRanks![i]));
        assert.deepEqual(rec.top.map((x) => x.doc), Array.from(ref.indices.subarray(i * 10, i * 10 + 10), (p) => corpus.docs[task.docs[p]].id));
      });
    });
  }

  it('the pool encoded into the on-disk store (float32 shards) and searched a tile at a time gives the same ranks and top documents', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-largepool-'));
    try {
      const texts = task.docs.map((i) => corpus.docs[i].text);
      const r = await encodeToStore(stubEncoder(vectors), texts, { root, dtype: 'f32', role: 'passage', shardRows: 3000 });
      const store = openVectorStore(r.dir);
      try {
        assert.equal(store.manifest.shards.length, 7);
        const Q = matrixOf(task.queries.map((i) => corpus.queries[i].text));
        const res = await search(Q, store, { k: 10, relevant: task.relevant });
        res.relevantRanks!.forEach((rk, i) => assert.deepEqual(Array.from(rk), Array.from(ref.relevantRanks![i])));
        assert.deepEqual(Array.from(res.indices), Array.from(ref.indices));
      } finally {
        store.close();
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
