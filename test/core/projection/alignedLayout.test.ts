import * as assert from 'node:assert/strict';
import { alignLayouts } from '../../../src/core/projection/align';
import { alignedLayout, displacements, neighbourhoodOverlap } from '../../../src/core/projection/alignedLayout';
import { layPair, quantile, summarise } from '../../../src/core/projection/projectPair';
import { umapLayout } from '../../../src/core/projection/umap';
import type { FuzzyGraph } from '../../../src/core/projection/fuzzyGraph';
import { rng } from '../../../src/core/metrics/stats';
import { matrix, type Matrix } from '../../../src/core/vectors';

/** n L2-normalised points around k random centres in `dim` dimensions (point i in cluster i mod k). */
function clusters(n: number, k: number, dim: number, seed: number): { m: Matrix; label: number[] } {
  const r = rng(seed);
  const g = () => Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
  const centres = Array.from({ length: k }, () => Array.from({ length: dim }, g));
  const m = matrix(n, dim);
  const label: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    label.push(c);
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const v = centres[c][d] + 0.35 * g();
      m.data[i * dim + d] = v;
      s += v * v;
    }
    for (let d = 0; d < dim; d++) m.data[i * dim + d] /= Math.sqrt(s);
  }
  return { m, label };
}

const identity = (n: number) => Array.from({ length: n }, (_, i) => [i, i] as const);

describe('projection: joint layout of two embeddings (AlignedUMAP-style)', function () {
  this.timeout(120_000);
  const N = 400;
  const { m, label } = clusters(N, 8, 32, 1);

  it('identical vectors: small displacement, far below independent UMAPs rigidly aligned', async () => {
    const joint = await alignedLayout(m, m, identity(N), { backend: 'ts' });
    const median = quantile(joint.displacement, 0.5);
    const p95 = quantile(joint.displacement, 0.95);
    assert.ok(median < 0.1 && p95 < 0.2, `joint: median ${median}, p95 ${p95} layout radii`);
    // The old shared layout: two independent runs (same two seeds), the second Procrustes-fitted onto the first.
    const [u, v] = [await umapLayout(m, { seed: 42, backend: 'ts' }), await umapLayout(m, { seed: 43, backend: 'ts' })];
    const rigid = displacements(u.coords, alignLayouts(u.coords, v.coords).coords, identity(N)).displacement;
    assert.ok(quantile(rigid, 0.5) > 3 * median, `independent + Procrustes median ${quantile(rigid, 0.5)} vs joint ${median}`);
  });

  it('a planted model change moves its points further than the seed baseline; the others stay within it', async () => {
    // Model B = model A, except 20 points of cluster 0 now embed like members of cluster 5.
    const mb = matrix(N, m.dim);
    mb.data.set(m.data);
    const c5 = label.map((c, i) => (c === 5 ? i : -1)).filter((i) => i >= 0);
    const moved = label.map((c, i) => (c === 0 ? i : -1)).filter((i) => i >= 0).slice(0, 20);
    moved.forEach((i, t) => mb.data.set(m.data.subarray(c5[t] * m.dim, (c5[t] + 1) * m.dim), i * m.dim));
    const pair = await layPair(m, mb, { seeds: [42, 43], backend: 'ts' });
    const p95 = pair.summary.baseline.p95;
    for (const i of moved) assert.ok(pair.displacement[i] > p95, `moved point ${i}: ${pair.displacement[i]} ≤ baseline p95 ${p95}`);
    const still = Float32Array.from(Array.from(pair.displacement).filter((_, i) => !moved.includes(i)));
    const movedD = Float32Array.from(moved.map((i) => pair.displacement[i]));
    assert.ok(quantile(movedD, 0.5) > 4 * quantile(still, 0.5), `moved median ${quantile(movedD, 0.5)}, others ${quantile(still, 0.5)}`);
    // Points of the six untouched clusters move like the baseline's points (their neighbourhoods are
    // the same; only the global arrangement shifts a little as clusters 0 and 5 change size).
    const untouched = Float32Array.from(Array.from(pair.displacement).filter((_, i) => label[i] !== 0 && label[i] !== 5));
    const ratio = quantile(untouched, 0.5) / pair.summary.baseline.median;
    assert.ok(ratio > 0.75 && ratio < 1.25, `untouched median / baseline median = ${ratio}`);
    const spill = untouched.filter((d) => d > p95).length / untouched.length;
    assert.ok(spill < 0.15, `${(100 * spill).toFixed(1)}% of the untouched clusters' points beyond the baseline p95`);
    assert.equal(pair.summary.beyondNoise, moved.length + still.filter((d) => d > p95).length);
    assert.equal(pair.layout.method, 'aligned-umap');
    assert.deepEqual(pair.layout.seeds, [42, 43]);
  });

  it('is seeded, pulls only paired points, and checks its pairs', async () => {
    const small = clusters(60, 3, 8, 2).m;
    const pairs = identity(40);
    const x = await alignedLayout(small, small, pairs, { backend: 'ts', epochs: 50 });
    const y = await alignedLayout(small, small, pairs, { backend: 'ts', epochs: 50 });
    assert.deepEqual(Array.from(x.a), Array.from(y.a));
    assert.deepEqual(Array.from(x.b), Array.from(y.b));
    assert.equal(x.displacement.length, 40);
    await assert.rejects(alignedLayout(small, small, [[0, 60]]), RangeError);
  });

  it('neighbourhood overlap and displacement by hand', () => {
    // A: 0–1, 0–2; B: 0–1, 1–2 (both directions). Partner = same index.
    const graph = (edges: Array<[number, number]>): FuzzyGraph => {
      const all = edges.flatMap(([i, j]) => [[i, j], [j, i]]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
      return { n: 3, head: Int32Array.from(all, (e) => e[0]), tail: Int32Array.from(all, (e) => e[1]), weight: new Float32Array(all.length).fill(1) };
    };
    const id = Int32Array.from([0, 1, 2]);
    const [wa, wb] = neighbourhoodOverlap(graph([[0, 1], [0, 2]]), graph([[0, 1], [1, 2]]), id, id);
    // Point 0: {1,2} vs {1} → 1/2; point 1: {0} vs {0,2} → 1/2; point 2: {0} vs {1} → 0.
    assert.deepEqual(Array.from(wa), [0.5, 0.5, 0]);
    assert.deepEqual(Array.from(wb), [0.5, 0.5, 0]);
    // Two pairs at (±1, 0) in A and (±1, 1) in B: centroid (0, 0.5); radius √1.25; displacement 1/√1.25.
    const d = displacements([-1, 0, 1, 0], [-1, 1, 1, 1], identity(2));
    assert.ok(Math.abs(d.radius - Math.sqrt(1.25)) < 1e-12);
    assert.ok(Math.abs(d.displacement[0] - 1 / Math.sqrt(1.25)) < 1e-6);
    const s = summarise(Float32Array.from([0.1, 0.2, 0.9]), Float32Array.from([0, 0.1, 0.2, 0.3]));
    assert.ok(Math.abs(s.baseline.p95 - 0.285) < 1e-6);
    assert.equal(s.beyondNoise, 1);
    assert.ok(Math.abs(s.median - 0.2) < 1e-6);
  });
});
