import * as assert from 'node:assert/strict';
import { alignLayouts, matchIds } from '../../../src/core/projection';
import { rng } from '../../../src/core/metrics/stats';

function randomLayout(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: 2 * n }, () => r() * 20 - 10);
}

/** B = s·Q·A + t for a rotation (or reflection) Q by `angle`. */
function transform(a: Float32Array, angle: number, s: number, t: [number, number], reflect: boolean): Float32Array {
  const c = Math.cos(angle);
  const sn = Math.sin(angle);
  const q = reflect ? [c, sn, sn, -c] : [c, -sn, sn, c];
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length / 2; i++) {
    out[2 * i] = s * (q[0] * a[2 * i] + q[1] * a[2 * i + 1]) + t[0];
    out[2 * i + 1] = s * (q[2] * a[2 * i] + q[3] * a[2 * i + 1]) + t[1];
  }
  return out;
}

describe('projection: shared layout (Procrustes alignment)', () => {
  it('undoes a rotation, scale and shift exactly', () => {
    const a = randomLayout(200, 1);
    const b = transform(a, 1.1, 2.5, [30, -4], false);
    const r = alignLayouts(a, b);
    assert.ok(r.rmsd < 1e-4, `rmsd ${r.rmsd}`);
    assert.equal(r.reflected, false);
    assert.ok(Math.abs(r.scale - 1 / 2.5) < 1e-6);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(r.coords[i] - a[i]) < 1e-3);
  });

  it('undoes a mirror image unless reflections are disallowed', () => {
    const a = randomLayout(100, 2);
    const b = transform(a, -0.4, 0.5, [1, 2], true);
    const r = alignLayouts(a, b);
    assert.ok(r.reflected && r.rmsd < 1e-4, `reflected ${r.reflected}, rmsd ${r.rmsd}`);
    const rotOnly = alignLayouts(a, b, undefined, { allowReflection: false });
    assert.equal(rotOnly.reflected, false);
    assert.ok(rotOnly.rmsd > 1, 'a rotation cannot undo a mirror image');
  });

  it('fits on matched points only and moves every point of B', () => {
    const a = randomLayout(50, 3);
    // B holds A's points 10..49 in reverse order, plus 5 points A does not have.
    const shared = Array.from({ length: 40 }, (_, k) => 49 - k);
    const moved = transform(a, 2, 3, [-5, 5], false);
    const b = new Float32Array(2 * 45);
    shared.forEach((i, j) => b.set(moved.subarray(2 * i, 2 * i + 2), 2 * j));
    b.set([100, 100, -100, 50, 0, 0, 7, 7, 1, 2], 80);
    const idsA = Array.from({ length: 50 }, (_, i) => `p${i}`);
    const idsB = [...shared.map((i) => `p${i}`), 'x1', 'x2', 'x3', 'x4', 'x5'];
    const pairs = matchIds(idsA, idsB);
    assert.equal(pairs.length, 40);
    const r = alignLayouts(a, b, pairs);
    assert.equal(r.coords.length, 90);
    assert.ok(r.rmsd < 1e-4, `rmsd ${r.rmsd}`);
    for (const [i, j] of pairs) assert.ok(Math.hypot(r.coords[2 * j] - a[2 * i], r.coords[2 * j + 1] - a[2 * i + 1]) < 1e-3);
  });

  it('degenerates gracefully (no pairs: identity; one pair: a shift)', () => {
    const a = Float32Array.from([1, 2, 3, 4]);
    const b = Float32Array.from([5, 6, 7, 8]);
    assert.deepEqual(Array.from(alignLayouts(a, b, []).coords), [5, 6, 7, 8]);
    const one = alignLayouts(a, b, [[0, 0]]);
    assert.deepEqual([one.coords[0], one.coords[1]], [1, 2]);
    assert.throws(() => alignLayouts(a, b, [[0, 5]]), RangeError);
  });
});
