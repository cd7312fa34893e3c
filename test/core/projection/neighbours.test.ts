import * as assert from 'node:assert/strict';
import { syntheticEmbeddings } from '../../../bench/umapBench';
import { ProjectionStore, pointNeighbours } from '../../../src/core/projection';
import { matrix } from '../../../src/core/vectors';

describe('projection: neighbour lookups', () => {
  it('lists the k most similar other points with rank and cosine, as a full sort would', () => {
    const v = syntheticEmbeddings(40, 5, 32, 9);
    const langs = ['ar', 'de', 'en', 'es', 'zh'];
    for (const index of [0, 17, 199]) {
      const got = pointNeighbours(v, index, 10, (i) => langs[i % 5]);
      const all = Array.from({ length: v.rows }, (_, j) => {
        let s = 0;
        for (let d = 0; d < v.dim; d++) s += v.data[index * v.dim + d] * v.data[j * v.dim + d];
        return { j, s: Math.fround(s) };
      }).filter((x) => x.j !== index);
      all.sort((x, y) => y.s - x.s || x.j - y.j);
      assert.deepEqual(got.map((r) => r.index), all.slice(0, 10).map((x) => x.j));
      got.forEach((r, i) => {
        assert.equal(r.rank, i + 1);
        assert.equal(r.lang, langs[r.index % 5]);
        assert.ok(Math.abs(r.similarity - all[i].s) < 1e-6);
      });
    }
  });

  it('breaks ties by lower index and clamps k', () => {
    const m = matrix(5, 2, Float32Array.from([1, 0, 1, 0, 0, 1, 1, 0, 1, 0]));
    const got = pointNeighbours(m, 3, 10, () => 'en');
    assert.deepEqual(got.map((r) => r.index), [0, 1, 4, 2]);
    assert.deepEqual(pointNeighbours(m, 0, 0, () => 'en'), []);
    assert.throws(() => pointNeighbours(m, 5, 3, () => 'en'), RangeError);
  });

  it('the store keeps the last projections within its bounds', () => {
    const store = new ProjectionStore(2, 1e9);
    const p = { vectors: syntheticEmbeddings(5, 2, 8, 1), languages: ['de', 'en'], lang: Uint16Array.from({ length: 10 }, (_, i) => i % 2) };
    const a = store.add(p);
    const b = store.add(p);
    const rows = store.neighbours(a, 0, 3);
    assert.equal(rows?.length, 3);
    for (const r of rows ?? []) assert.equal(r.lang, r.index % 2 ? 'en' : 'de');
    const c = store.add(p);
    assert.equal(store.neighbours(a, 0, 3), undefined, 'oldest dropped');
    assert.ok(store.has(b) && store.has(c));
    const small = new ProjectionStore(10, p.vectors.data.byteLength * 1.5);
    const x = small.add(p);
    const y = small.add(p);
    assert.ok(!small.has(x) && small.has(y), 'byte bound drops the oldest, never the newest');
  });
});
