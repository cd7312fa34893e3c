import type { PickIndex } from './pickIndex';

/**
 * Box and lasso selection in data space. Candidates come from the pick grid (only the cells
 * under the shape's bounding box), so selecting stays fast at 100k points. Pure (no DOM).
 */

/** Even-odd rule; `poly` is x,y interleaved and implicitly closed. */
export function pointInPolygon(x: number, y: number, poly: ArrayLike<number>): boolean {
  const n = poly.length >> 1;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly[2 * i], yi = poly[2 * i + 1], xj = poly[2 * j], yj = poly[2 * j + 1];
    // Half-open in y, so a vertex shared by two edges is counted once.
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Points inside the rectangle spanned by two corners, in index order. */
export function selectBox(index: PickIndex, x0: number, y0: number, x1: number, y1: number, accept?: (i: number) => boolean): number[] {
  const out: number[] = [];
  index.forEachInRect(x0, y0, x1, y1, (i) => {
    if (!accept || accept(i)) out.push(i);
  });
  return out.sort((a, b) => a - b);
}

/** Points inside a lasso polygon (x,y interleaved, at least three vertices), in index order. */
export function selectLasso(index: PickIndex, poly: ArrayLike<number>, accept?: (i: number) => boolean): number[] {
  if (poly.length < 6) return [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let k = 0; k < poly.length; k += 2) {
    minX = Math.min(minX, poly[k]);
    maxX = Math.max(maxX, poly[k]);
    minY = Math.min(minY, poly[k + 1]);
    maxY = Math.max(maxY, poly[k + 1]);
  }
  const out: number[] = [];
  const coords = index.coords;
  index.forEachInRect(minX, minY, maxX, maxY, (i) => {
    if ((!accept || accept(i)) && pointInPolygon(coords[2 * i], coords[2 * i + 1], poly)) out.push(i);
  });
  return out.sort((a, b) => a - b);
}
