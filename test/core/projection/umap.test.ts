import * as assert from 'node:assert/strict';
import { syntheticEmbeddings, umapJsLayout } from '../../../bench/umapBench';
import { CancelledError } from '../../../src/core/errors';
import type { Progress } from '../../../src/core/progress';
import { exactKnn, knnRecall, trustworthiness, umapLayout } from '../../../src/core/projection';
import { findAbParams } from '../../../src/core/projection/abParams';
import { CurveTable } from '../../../src/core/projection/curveTable';
import { fuzzySimplicialSet, smoothKnnDistances } from '../../../src/core/projection/fuzzyGraph';
import { matrix, normalizeRows } from '../../../src/core/vectors';

describe('projection: UMAP layout', function () {
  this.timeout(120_000);

  it('fits a and b of the low-dimensional curve as umap-learn does', () => {
    // umap-learn's find_ab_params(1.0, 0.1) = (1.5769434603113077, 0.8950608779109733).
    const { a, b } = findAbParams(1, 0.1);
    assert.ok(Math.abs(a - 1.5769434603113077) < 1e-5, `a = ${a}`);
    assert.ok(Math.abs(b - 0.8950608779109733) < 1e-5, `b = ${b}`);
    const z = findAbParams(1, 0);
    assert.ok(z.a > a && z.b < b, 'a smaller minDist gives a sharper curve');
  });

  it('tabulates gradient curves within 1e-6 relative error', () => {
    const { a, b } = findAbParams(1, 0.1);
    const fn = (d2: number) => (2 * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
    const table = new CurveTable(fn);
    let worst = 0;
    for (let e = -50; e <= 50; e += 0.001) {
      const d2 = Math.exp(e);
      worst = Math.max(worst, Math.abs(table.at(d2) / fn(d2) - 1));
    }
    assert.ok(worst < 1e-6, `worst relative error ${worst}`);
  });

  it('builds a symmetric fuzzy graph: fuzzy union of directed memberships that sum to log2(k)', async () => {
    const v = syntheticEmbeddings(30, 4, 32, 1);
    const knn = await exactKnn(v, 8);
    const { sigma, rho } = smoothKnnDistances(knn);
    for (let i = 0; i < knn.n; i++) {
      let sum = 0;
      for (let r = 0; r < knn.k; r++) sum += Math.exp(-Math.max(0, knn.distances[i * knn.k + r] - rho[i]) / sigma[i]);
      assert.ok(Math.abs(sum - Math.log2(8)) < 1e-4, `point ${i}: memberships sum to ${sum}`);
    }
    const g = fuzzySimplicialSet(knn);
    const w = new Map<string, number>();
    for (let e = 0; e < g.head.length; e++) {
      assert.notEqual(g.head[e], g.tail[e]);
      assert.ok(g.weight[e] > 0 && g.weight[e] <= 1);
      if (e > 0) assert.ok(g.head[e] > g.head[e - 1] || (g.head[e] === g.head[e - 1] && g.tail[e] > g.tail[e - 1]), 'sorted by head, tail');
      w.set(`${g.head[e]},${g.tail[e]}`, g.weight[e]);
    }
    for (const [key, x] of w) {
      const [i, j] = key.split(',');
      assert.equal(w.get(`${j},${i}`), x, `edge ${key} has no mirror of equal weight`);
    }
    // Every kNN pair is an edge, and nothing else is.
    const pairs = new Set<string>();
    for (let i = 0; i < knn.n; i++) {
      for (let r = 0; r < knn.k; r++) {
        const j = knn.indices[i * knn.k + r];
        pairs.add(`${i},${j}`).add(`${j},${i}`);
      }
    }
    assert.deepEqual([...w.keys()].sort(), [...pairs].sort());
  });

  it('is seeded: the same seed gives the same layout bit for bit, another seed another layout', async () => {
    const v = syntheticEmbeddings(60, 5, 48, 2);
    const a = await umapLayout(v, { seed: 7, epochs: 100 });
    const b = await umapLayout(v, { seed: 7, epochs: 100 });
    const c = await umapLayout(v, { seed: 8, epochs: 100 });
    assert.deepEqual(Buffer.from(a.coords.buffer), Buffer.from(b.coords.buffer));
    assert.notDeepEqual(Buffer.from(a.coords.buffer), Buffer.from(c.coords.buffer));
    assert.ok(a.coords.every(Number.isFinite));
    assert.equal(a.neighbors, 15);
  });

  it('keeps neighbourhoods at least as well as umap-js 1.4 fed the same exact neighbours', async () => {
    const v = syntheticEmbeddings(150, 10, 384, 3); // 1,500 points: 150 parallel groups × 10 languages
    const n = v.rows;
    const knn = await exactKnn(v, 15);
    const full = await exactKnn(v, n - 1);
    const rank = new Int32Array(n * n);
    for (let i = 0; i < n; i++) for (let r = 0; r < n - 1; r++) rank[i * n + full.indices[i * (n - 1) + r]] = r + 1;
    const rankOf = (i: number, j: number) => rank[i * n + j];

    const ours = (await umapLayout(v, { knn, seed: 1 })).coords;
    const reference = umapJsLayout(v, knn, 1);
    const recall = { ours: knnRecall(knn, ours), umapJs: knnRecall(knn, reference) };
    const trust = { ours: trustworthiness(n, ours, 15, rankOf), umapJs: trustworthiness(n, reference, 15, rankOf) };
    assert.ok(recall.ours >= recall.umapJs - 0.03, `kNN recall: ours ${recall.ours}, umap-js ${recall.umapJs}`);
    assert.ok(trust.ours >= trust.umapJs - 0.01, `trustworthiness: ours ${trust.ours}, umap-js ${trust.umapJs}`);
    // And far better than chance (15 / 1,499).
    assert.ok(recall.ours > 0.4 && trust.ours > 0.85, JSON.stringify({ recall, trust }));
  });

  it('handles tiny inputs and duplicate vectors', async () => {
    for (const n of [0, 1, 2]) assert.equal((await umapLayout(matrix(n, 4))).coords.length, 2 * n);
    const three = normalizeRows(matrix(3, 2, Float32Array.from([1, 0, 0, 1, 1, 1])));
    const l3 = await umapLayout(three, { epochs: 50 });
    assert.equal(l3.neighbors, 2);
    assert.ok(l3.coords.every(Number.isFinite));
    // 40 copies of two vectors: every neighbour list is full of exact duplicates.
    const dup = matrix(80, 2);
    for (let i = 0; i < 80; i++) dup.data.set(i % 2 ? [0, 1] : [1, 0], 2 * i);
    const ld = await umapLayout(dup, { epochs: 50 });
    assert.ok(ld.coords.every(Number.isFinite));
  });

  it('reports epochs as progress and stops between epochs when cancelled', async () => {
    const v = syntheticEmbeddings(100, 5, 32, 4);
    const phases = new Set<string>();
    let lastEpoch = 0;
    await umapLayout(v, {
      epochs: 60,
      onProgress: (p: Progress) => {
        phases.add(p.phase);
        if (p.phase === 'layout epochs') lastEpoch = p.done;
      },
    });
    assert.ok(phases.has('exact nearest neighbours') && phases.has('layout epochs'), [...phases].join(', '));
    assert.equal(lastEpoch, 60);

    const abort = new AbortController();
    let seen = 0;
    await assert.rejects(
      umapLayout(v, {
        epochs: 500,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase !== 'layout epochs') return;
          seen = p.done;
          abort.abort();
        },
      }),
      CancelledError,
    );
    assert.ok(seen > 0 && seen < 500, `stopped after epoch ${seen}`);
  });
});
