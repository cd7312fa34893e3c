import * as assert from 'node:assert/strict';
import { alignment, languageSeparability, uniformity } from '../../../src/core/metrics/geometry';
import { matrix, normalizeRows } from '../../../src/core/vectors';
import { KERNELS } from '../retrieval/kernels';

describe('geometry metrics (SPEC §4)', () => {
  it('alignment is 0 for identical pairs and 2 for orthogonal unit vectors', () => {
    const x = matrix(2, 2, Float32Array.from([1, 0, 0, 1]));
    assert.equal(alignment(x, x), 0);
    const y = matrix(2, 2, Float32Array.from([0, 1, 1, 0]));
    assert.ok(Math.abs(alignment(x, y) - 2) < 1e-6);
  });

  it('uniformity: antipodal points are more uniform than collapsed ones', () => {
    const spread = matrix(2, 1, Float32Array.from([1, -1]));
    assert.ok(Math.abs(uniformity(spread) - -8) < 1e-9); // log exp(-2·4)
    const collapsed = matrix(3, 2, Float32Array.from([1, 0, 1, 0, 1, 0]));
    assert.equal(uniformity(collapsed), 0);
  });

  it('language separability: 1 for clustered languages, chance-like for mixed ones', async () => {
    const rows = [1, 0.1, 1, -0.1, 0.9, 0, -1, 0.1, -1, -0.1, -0.9, 0];
    const clustered = normalizeRows(matrix(6, 2, Float32Array.from(rows)));
    for (const backend of KERNELS) {
      assert.equal((await languageSeparability(clustered, [0, 0, 0, 1, 1, 1], 2, { backend })).accuracy, 1);
      const mixed = await languageSeparability(clustered, [0, 1, 0, 1, 0, 1], 2, { backend });
      assert.ok(mixed.accuracy <= 0.5, `mixed accuracy ${mixed.accuracy}`);
    }
  });

  /** Plain leave-one-out nearest centroid, row by row: the reference. */
  function referenceSeparability(x: { rows: number; dim: number; data: Float32Array }, labels: number[], L: number): number {
    let ok = 0;
    for (let i = 0; i < x.rows; i++) {
      let best = -1;
      let bestScore = -Infinity;
      for (let l = 0; l < L; l++) {
        const c = new Float64Array(x.dim);
        let n = 0;
        for (let r = 0; r < x.rows; r++) {
          if (labels[r] !== l || r === i) continue;
          n++;
          for (let j = 0; j < x.dim; j++) c[j] += x.data[r * x.dim + j];
        }
        if (n === 0) continue;
        let dot = 0;
        let cc = 0;
        for (let j = 0; j < x.dim; j++) (dot += c[j] * x.data[i * x.dim + j]), (cc += c[j] * c[j]);
        const score = cc > 1e-12 ? dot / Math.sqrt(cc) : -Infinity;
        if (score > bestScore) (bestScore = score), (best = l);
      }
      if (best === labels[i]) ok++;
    }
    return ok / x.rows;
  }

  it('language separability equals the plain leave-one-out classifier, in row blocks on both kernels', async () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    const L = 7;
    const labels = Array.from({ length: 140 }, (_, i) => i % L);
    const x = normalizeRows(matrix(140, 5, Float32Array.from({ length: 700 }, (_, t) => rand() + (t % 5 === labels[Math.floor(t / 5)] % 5 ? 0.4 : 0))));
    const want = referenceSeparability(x, labels, L);
    for (const backend of KERNELS) {
      const got = await languageSeparability(x, labels, L, { backend });
      assert.equal(got.classified, 140);
      assert.ok(Math.abs(got.accuracy - want) < 1e-9, `${backend}: ${got.accuracy} vs ${want}`);
    }
  });

  it('language separability over 10,000 languages × 3 rows: cost and memory grow with the data, not rows × languages', async function () {
    this.timeout(60_000);
    const L = 10_000;
    const dim = 16;
    const rows = 3 * L;
    const labels = Int32Array.from({ length: rows }, (_, i) => i % L);
    const x = normalizeRows(matrix(rows, dim, Float32Array.from({ length: rows * dim }, (_, t) => Math.sin(t * 0.37) + (t % dim === labels[Math.floor(t / dim)] % dim ? 1 : 0))));
    // Exact, it would be rows × L × dim = 4.8·10^9 multiply-adds (and, before, a 30,000 × 10,000 sorted table: 2.4 GB).
    const maxMulAdds = 1e8;
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const got = await languageSeparability(x, labels, L, { backend: 'ts', maxMulAdds });
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(got.classified, Math.floor(maxMulAdds / (L * dim)));
    assert.ok(got.classified * L * dim <= maxMulAdds);
    assert.ok(got.accuracy >= 0 && got.accuracy <= 1);
    assert.ok(seconds < 20, `${seconds.toFixed(1)} s`);
    assert.ok(process.memoryUsage().rss - before < 500e6, `RSS grew by ${((process.memoryUsage().rss - before) / 1e6).toFixed(0)} MB`);
    // The same seed classifies the same rows: a reproducible figure.
    assert.equal((await languageSeparability(x, labels, L, { backend: 'ts', maxMulAdds })).accuracy, got.accuracy);
  });
});
