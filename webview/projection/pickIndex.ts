/**
 * A uniform grid over the points' bounding box in data space. Hover and click picking and the
 * candidates of a box or lasso selection only visit the cells near the query, so a query costs
 * about the same at 100k points as at 1k. Pure (no DOM): unit-tested in Node.
 */
export class PickIndex {
  readonly minX: number;
  readonly minY: number;
  readonly cellSize: number;
  readonly cols: number;
  readonly rows: number;
  /** Points of cell c are items[cellStart[c] .. cellStart[c + 1]). */
  private readonly cellStart: Uint32Array;
  private readonly items: Uint32Array;

  /** `coords`: x,y interleaved. Points with a non-finite coordinate are left out. */
  constructor(
    readonly coords: Float32Array,
    pointsPerCell = 4,
  ) {
    const n = coords.length >> 1;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = coords[2 * i], y = coords[2 * i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (minX > maxX) (minX = maxX = 0), (minY = maxY = 0);
    const w = maxX - minX, h = maxY - minY;
    const cells = Math.max(1, Math.ceil(n / pointsPerCell));
    // Square cells; a degenerate (flat) box falls back to its longer side.
    let size = w > 0 && h > 0 ? Math.sqrt((w * h) / cells) : Math.max(w, h) / cells;
    if (!(size > 0)) size = 1;
    this.minX = minX;
    this.minY = minY;
    this.cellSize = size;
    // Cap the grid so a few far outliers cannot make it huge.
    this.cols = Math.min(2048, Math.floor(w / size) + 1);
    this.rows = Math.min(2048, Math.floor(h / size) + 1);
    this.cellSize = Math.max(size, w / this.cols + 1e-12, h / this.rows + 1e-12);

    // Counting sort of the points by cell.
    const cellOf = new Int32Array(n);
    const start = new Uint32Array(this.cols * this.rows + 1);
    for (let i = 0; i < n; i++) {
      const x = coords[2 * i], y = coords[2 * i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        cellOf[i] = -1;
        continue;
      }
      const c = this.cell(this.col(x), this.row(y));
      cellOf[i] = c;
      start[c + 1]++;
    }
    for (let c = 0; c < this.cols * this.rows; c++) start[c + 1] += start[c];
    const fill = start.slice(0, -1);
    const items = new Uint32Array(start[this.cols * this.rows]);
    for (let i = 0; i < n; i++) if (cellOf[i] >= 0) items[fill[cellOf[i]]++] = i;
    this.cellStart = start;
    this.items = items;
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.minX) / this.cellSize)));
  }
  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.cellSize)));
  }
  private cell(c: number, r: number): number {
    return r * this.cols + c;
  }

  /**
   * The point nearest to (x, y) within `maxDist` (data units) that `accept` allows, or -1.
   * Searches square rings of cells outwards and stops once a ring cannot hold anything closer.
   */
  nearest(x: number, y: number, maxDist: number, accept?: (i: number) => boolean): number {
    const c0 = this.col(x), r0 = this.row(y);
    const coords = this.coords;
    let best = -1;
    let bestD2 = maxDist * maxDist;
    const maxRing = Math.max(this.cols, this.rows);
    for (let ring = 0; ring <= maxRing; ring++) {
      // Every cell of ring `ring` is at least (ring − 1) cells away from the query.
      const bound = (ring - 1) * this.cellSize;
      if (bound > 0 && bound * bound > bestD2) break;
      const cLo = c0 - ring, cHi = c0 + ring, rLo = r0 - ring, rHi = r0 + ring;
      for (let r = Math.max(0, rLo); r <= Math.min(this.rows - 1, rHi); r++) {
        const edgeRow = r === rLo || r === rHi;
        // Inside the ring only the first and last column belong to it.
        const step = edgeRow ? 1 : cHi - cLo;
        for (let c = cLo; c <= cHi; c += step) {
          if (c < 0 || c >= this.cols) continue;
          const cell = this.cell(c, r);
          for (let k = this.cellStart[cell], end = this.cellStart[cell + 1]; k < end; k++) {
            const i = this.items[k];
            const dx = coords[2 * i] - x, dy = coords[2 * i + 1] - y;
            const d2 = dx * dx + dy * dy;
            if (d2 <= bestD2 && (d2 < bestD2 || best < 0 || i < best) && (!accept || accept(i))) {
              best = i;
              bestD2 = d2;
            }
          }
        }
      }
    }
    return best;
  }

  /** Calls `visit` for every point inside the rectangle (bounds inclusive, any corner order). */
  forEachInRect(x0: number, y0: number, x1: number, y1: number, visit: (i: number) => void): void {
    const xLo = Math.min(x0, x1), xHi = Math.max(x0, x1), yLo = Math.min(y0, y1), yHi = Math.max(y0, y1);
    const coords = this.coords;
    for (let r = this.row(yLo); r <= this.row(yHi); r++) {
      for (let c = this.col(xLo); c <= this.col(xHi); c++) {
        const cell = this.cell(c, r);
        for (let k = this.cellStart[cell], end = this.cellStart[cell + 1]; k < end; k++) {
          const i = this.items[k];
          const x = coords[2 * i], y = coords[2 * i + 1];
          if (x >= xLo && x <= xHi && y >= yLo && y <= yHi) visit(i);
        }
      }
    }
  }
}
