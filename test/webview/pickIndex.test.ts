import assert from 'node:assert/strict';
import { PickIndex } from '../../webview/projection/pickIndex';
import { clusteredPoints, rng } from './random';

/** Brute force reference: the nearest accepted point within maxDist, lowest index on ties. */
function nearestBrute(coords: Float32Array, x: number, y: number, maxDist: number, accept?: (i: number) => boolean): number {
  let best = -1, bestD2 = maxDist * maxDist;
  for (let i = 0; i < coords.length / 2; i++) {
    if (accept && !accept(i)) continue;
    const d2 = (coords[2 * i] - x) ** 2 + (coords[2 * i + 1] - y) ** 2;
    if (d2 < bestD2 || (d2 === bestD2 && (best < 0 || i < best))) (best = i), (bestD2 = d2);
  }
  return best;
}

describe('webview PickIndex (uniform grid picking)', () => {
  const coords = clusteredPoints(5000, 1);
  const index = new PickIndex(coords);

  it('finds the same nearest point as brute force, inside and far outside the bounds', () => {
    const r = rng(2);
    for (let q = 0; q < 2000; q++) {
      const far = q % 10 === 0;
      const x = (r() - 0.5) * (far ? 2000 : 30), y = (r() - 0.5) * (far ? 2000 : 30);
      const maxDist = q % 3 === 0 ? Infinity : r() * 2;
      assert.equal(index.nearest(x, y, maxDist), nearestBrute(coords, x, y, maxDist), `query ${q} (${x}, ${y}, ${maxDist})`);
    }
  });

  it('honours the accept filter (hidden languages are not picked)', () => {
    const r = rng(3);
    const accept = (i: number) => i % 3 !== 0;
    for (let q = 0; q < 500; q++) {
      const x = (r() - 0.5) * 30, y = (r() - 0.5) * 30;
      const got = index.nearest(x, y, 1.5, accept);
      assert.equal(got, nearestBrute(coords, x, y, 1.5, accept));
      if (got >= 0) assert.ok(accept(got));
    }
    assert.equal(index.nearest(0, 0, Infinity, () => false), -1);
  });

  it('lists exactly the points in a rectangle', () => {
    const r = rng(4);
    for (let q = 0; q < 200; q++) {
      const x0 = (r() - 0.5) * 40, y0 = (r() - 0.5) * 40, x1 = x0 + (r() - 0.5) * 20, y1 = y0 + (r() - 0.5) * 20;
      const got: number[] = [];
      index.forEachInRect(x0, y0, x1, y1, (i) => got.push(i));
      const want: number[] = [];
      for (let i = 0; i < coords.length / 2; i++) {
        const x = coords[2 * i], y = coords[2 * i + 1];
        if (x >= Math.min(x0, x1) && x <= Math.max(x0, x1) && y >= Math.min(y0, y1) && y <= Math.max(y0, y1)) want.push(i);
      }
      assert.deepEqual(got.sort((a, b) => a - b), want);
    }
  });

  it('copes with degenerate layouts: one point, duplicates, a flat line, NaN coordinates', () => {
    assert.equal(new PickIndex(new Float32Array([3, 4])).nearest(0, 0, Infinity), 0);
    assert.equal(new PickIndex(new Float32Array(0)).nearest(0, 0, Infinity), -1);
    const dup = new PickIndex(new Float32Array([1, 1, 1, 1, 1, 1]));
    assert.equal(dup.nearest(1, 1, 0.1), 0, 'lowest index among equal distances');
    const line = new Float32Array(200);
    for (let i = 0; i < 100; i++) (line[2 * i] = i), (line[2 * i + 1] = 5);
    assert.equal(new PickIndex(line).nearest(41.2, 9, Infinity), 41);
    const withNaN = new PickIndex(new Float32Array([NaN, 0, 2, 2]));
    assert.equal(withNaN.nearest(0, 0, Infinity), 1);
  });

  // Its speed (well under a millisecond a query at 100k points) is a bench figure
  // (`scatter.100k.pick_us`), not a timed unit test: here only that the grid stays exact at that size.
  it('stays exact at 100k clustered points (hover radius and unbounded queries)', () => {
    const big = clusteredPoints(100_000, 5);
    const grid = new PickIndex(big);
    const r = rng(6);
    for (let q = 0; q < 300; q++) {
      const x = (r() - 0.5) * 25, y = (r() - 0.5) * 25;
      const maxDist = q % 2 === 0 ? 0.2 : Infinity;
      assert.equal(grid.nearest(x, y, maxDist), nearestBrute(big, x, y, maxDist), `query ${q}`);
    }
  });
});
