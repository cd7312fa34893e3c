import * as assert from 'node:assert/strict';
import { buildDensityGrid } from '../../webview/projection/densityGrid';

describe('webview: scatter density grid (level of detail for frames in motion)', () => {
  const palette = [
    [255, 0, 0, 255],
    [0, 0, 255, 255],
  ] as const;

  it('bins every visible finite point once, with its colour, into the cell under it', () => {
    const coords = Float32Array.from([0, 0, 10, 10, 10, 10, 5, 5, NaN, 1, 3, 3]);
    const lang = Uint16Array.from([0, 1, 0, 1, 0, 1]);
    const g = buildDensityGrid(coords, lang, palette, [], 16);
    assert.equal(g.binned, 5, 'the NaN point is not binned');
    const cellOf = (x: number, y: number) => 4 * (Math.floor((y - g.y0) / g.cell) * g.size + Math.floor((x - g.x0) / g.cell));
    const l0 = g.levels[0];
    // Two points at (10, 10): one red, one blue.
    const c = cellOf(10, 10);
    assert.deepEqual(Array.from(l0.subarray(c, c + 4)), [1, 0, 1, 2]);
    let total = 0;
    for (let i = 3; i < l0.length; i += 4) total += l0[i];
    assert.equal(total, 5);
    // Every point lies inside the grid, not on its clamped edge.
    for (const [x, y] of [[0, 0], [10, 10]]) {
      assert.ok(x > g.x0 && x < g.x0 + g.size * g.cell && y > g.y0 && y < g.y0 + g.size * g.cell);
    }
  });

  it('drops hidden languages and builds a pyramid of means down to one cell', () => {
    const n = 1000;
    const coords = new Float32Array(2 * n);
    const lang = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      coords[2 * i] = Math.sin(i) * 7;
      coords[2 * i + 1] = Math.cos(i * 1.3) * 3;
      lang[i] = i % 2;
    }
    const g = buildDensityGrid(coords, lang, palette, [false, true], 64);
    assert.equal(g.binned, 500);
    assert.deepEqual(g.levels.map((l) => l.length / 4), [64 * 64, 32 * 32, 16 * 16, 8 * 8, 4 * 4, 2 * 2, 1]);
    // Each level holds points per finest cell: the mean count times the cells equals the points.
    g.levels.forEach((l, k) => {
      let sum = 0;
      for (let i = 3; i < l.length; i += 4) sum += l[i];
      assert.ok(Math.abs(sum * 4 ** k - 500) < 1e-3, `level ${k}: ${sum * 4 ** k}`);
    });
    const top = g.levels[g.levels.length - 1];
    // Only red points remain: no blue anywhere.
    assert.ok(top[2] === 0 && Math.abs(top[0] / top[3] - 1) < 1e-6);
    assert.throws(() => buildDensityGrid(coords, lang, palette, [], 48), /power of two/);
  });

  it('handles no points and all points hidden', () => {
    const g = buildDensityGrid(new Float32Array(0), new Uint16Array(0), palette, [], 8);
    assert.equal(g.binned, 0);
    assert.ok(Number.isFinite(g.x0) && g.cell > 0);
    const h = buildDensityGrid(Float32Array.from([1, 2]), Uint16Array.from([0]), palette, [true], 8);
    assert.equal(h.binned, 0);
  });
});
