import assert from 'node:assert/strict';
import { PickIndex } from '../../webview/projection/pickIndex';
import { pointInPolygon, selectBox, selectLasso } from '../../webview/projection/selection';
import { TextSearch } from '../../webview/projection/search';
import { clusteredPoints, rng } from './random';

describe('webview selection (box, lasso point-in-polygon) and text search', () => {
  const square = [0, 0, 10, 0, 10, 10, 0, 10];
  // A "C" shape: the notch (4..10 × 4..6) is outside.
  const cShape = [0, 0, 10, 0, 10, 4, 4, 4, 4, 6, 10, 6, 10, 10, 0, 10];

  it('pointInPolygon: inside, outside, concave notch, either winding', () => {
    assert.ok(pointInPolygon(5, 5, square));
    assert.ok(!pointInPolygon(11, 5, square));
    assert.ok(!pointInPolygon(-0.1, 5, square));
    assert.ok(pointInPolygon(2, 5, cShape));
    assert.ok(!pointInPolygon(7, 5, cShape), 'the notch of a concave lasso is outside');
    assert.ok(pointInPolygon(7, 8, cShape));
    const reversed: number[] = [];
    for (let k = cShape.length - 2; k >= 0; k -= 2) reversed.push(cShape[k], cShape[k + 1]);
    assert.ok(!pointInPolygon(7, 5, reversed));
    assert.ok(pointInPolygon(2, 5, reversed));
    // A ray through a vertex (y = 4 at x = 10 and x = 4) is counted once.
    assert.ok(pointInPolygon(2, 4, cShape));
  });

  it('a self-intersecting lasso (figure eight) uses the even-odd rule', () => {
    const bowtie = [0, 0, 10, 10, 10, 0, 0, 10];
    assert.ok(pointInPolygon(2, 5, bowtie));
    assert.ok(pointInPolygon(8, 5, bowtie));
    assert.ok(!pointInPolygon(5, 1, bowtie));
  });

  it('selectLasso equals brute force point-in-polygon over all points, and respects accept', () => {
    const coords = clusteredPoints(20_000, 7);
    const index = new PickIndex(coords);
    const r = rng(8);
    for (let q = 0; q < 30; q++) {
      // A random star-shaped polygon around a random centre.
      const cx = (r() - 0.5) * 20, cy = (r() - 0.5) * 20, m = 3 + Math.floor(r() * 12);
      const poly: number[] = [];
      for (let k = 0; k < m; k++) {
        const a = (2 * Math.PI * k) / m, rad = 1 + r() * 8;
        poly.push(cx + rad * Math.cos(a), cy + rad * Math.sin(a));
      }
      const accept = (i: number) => i % 5 !== 0;
      const want: number[] = [];
      for (let i = 0; i < coords.length / 2; i++) if (accept(i) && pointInPolygon(coords[2 * i], coords[2 * i + 1], poly)) want.push(i);
      assert.deepEqual(selectLasso(index, poly, accept), want);
    }
    assert.deepEqual(selectLasso(index, [0, 0, 1, 1]), [], 'fewer than three vertices selects nothing');
  });

  it('selectBox lists the points in the box in index order', () => {
    const coords = new Float32Array([0, 0, 1, 1, 2, 2, 3, 3, 1.5, 0.5]);
    const index = new PickIndex(coords);
    assert.deepEqual(selectBox(index, 2.5, 2.5, 0.5, 0.2), [1, 2, 4]);
    assert.deepEqual(selectBox(index, 0.5, 0.2, 2.5, 2.5, (i) => i !== 2), [1, 4]);
  });

  it('TextSearch: case-insensitive, all terms, hostile text is just text', () => {
    const s = new TextSearch(['Wo liegt Berlin?', 'Where is BERLIN?', '<img src=x onerror=alert(1)> Frage', 'Paris']);
    assert.deepEqual(s.find('berlin'), [0, 1]);
    assert.deepEqual(s.find('  where   berlin '), [1]);
    assert.deepEqual(s.find('<img'), [2]);
    assert.deepEqual(s.find(''), []);
    assert.deepEqual(s.find('tokyo'), []);
  });
});
