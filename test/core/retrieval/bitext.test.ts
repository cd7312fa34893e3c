import { nativeAvailable } from '../../../src/core/retrieval/nativeScorer';
import * as assert from 'node:assert/strict';
import { marginRescore, nearestNeighbours, referenceSearch, type TopK } from '../../../src/core/retrieval';
import { normalizeRows, type Matrix } from '../../../src/core/vectors';

function unit(rows: number, dim: number, seed: number): Matrix {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  return normalizeRows({ rows, dim, data: Float32Array.from({ length: rows * dim }, next) });
}

describe('retrieval/bitext', () => {
  it('nearestNeighbours searches both directions exactly', async () => {
    const a = unit(30, 12, 1);
    const b = unit(25, 12, 2);
    const nn = await nearestNeighbours(a, b, { k: 4, backend: 'ts' });
    assert.equal(nn.backend, 'ts');
    assert.deepEqual(Array.from(nn.forward.indices), Array.from(referenceSearch(a, b, { k: 4 }).indices));
    assert.deepEqual(Array.from(nn.backward.indices), Array.from(referenceSearch(b, a, { k: 4 }).indices));
    const auto = await nearestNeighbours(a, b);
    assert.equal(auto.backend, nativeAvailable() ? 'native' : 'ort');
    assert.deepEqual(auto.forward.indices, nn.forward.indices);
  });

  it('marginRescore applies the LASER ratio margin to each source sentence’s candidates', () => {
    // Two sources, three targets, k = 2 candidates, margin neighbourhood 2.
    const forward: TopK = { k: 2, indices: Int32Array.of(0, 1, 1, 2), scores: Float32Array.of(0.9, 0.8, 0.6, 0.5) };
    const backward: TopK = { k: 2, indices: Int32Array.of(0, 1, 0, 1, 1, 0), scores: Float32Array.of(0.9, 0.2, 0.8, 0.6, 0.5, 0.1) };
    const r = marginRescore(forward, backward, 2);
    const mx0 = (0.9 + 0.8) / 2;
    const my = [(0.9 + 0.2) / 2, (0.8 + 0.6) / 2, (0.5 + 0.1) / 2];
    const m00 = 0.9 / ((mx0 + my[0]) / 2);
    const m01 = 0.8 / ((mx0 + my[1]) / 2);
    const mx1 = (0.6 + 0.5) / 2;
    const m11 = 0.6 / ((mx1 + my[1]) / 2);
    const m12 = 0.5 / ((mx1 + my[2]) / 2);
    // Source 1: target 2 (a non-hub) overtakes target 1 under the margin.
    assert.ok(m12 > m11);
    assert.deepEqual(Array.from(r.indices), [m00 >= m01 ? 0 : 1, m00 >= m01 ? 1 : 0, 2, 1]);
    const expected = [Math.max(m00, m01), Math.min(m00, m01), m12, m11];
    r.scores.forEach((s, i) => assert.ok(Math.abs(s - expected[i]) < 1e-6, `${s} vs ${expected[i]}`));
  });

  it('marginRescore orders equal margins by lower index', () => {
    const forward: TopK = { k: 2, indices: Int32Array.of(1, 0), scores: Float32Array.of(0.5, 0.5) };
    const backward: TopK = { k: 1, indices: Int32Array.of(0, 0), scores: Float32Array.of(0.5, 0.5) };
    assert.deepEqual(Array.from(marginRescore(forward, backward).indices), [0, 1]);
  });
});
