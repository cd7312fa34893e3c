/**
 * The scatter's level of detail for frames in motion (see scatterGl.ts): every drawn point binned
 * once into a square grid over the points' extent, per cell the sum of the points' colours (RGB,
 * 0..1) and their count, plus a pyramid of coarser levels (each cell the mean of the four below
 * it, so every level holds "points per finest cell", i.e. a density). A frame then samples this
 * texture once per pixel: its cost depends on the canvas, not on the number of points.
 *
 * Pure data (no WebGL), so it is tested in Node.
 */

import type { Rgba } from './scatterGl';

export interface DensityGrid {
  /** Cells per side of the finest level (a power of two). */
  size: number;
  /** Data coordinates of the grid's lower-left corner and the side of one finest cell. */
  x0: number;
  y0: number;
  cell: number;
  /** RGBA per cell, row-major from the bottom row: (Σ red, Σ green, Σ blue, count). levels[0] is size × size, each next level half the side, down to 1 × 1. */
  levels: Float32Array[];
  /** Points binned (finite coordinates, language not hidden). */
  binned: number;
}

/** Default finest level: 512² cells (4 MB as float32, 2 MB as a half-float texture). */
export const DENSITY_SIZE = 512;

/**
 * Bins the points whose language is not hidden: `colours[lang[i]]` (the palette, cycled as the
 * renderer does) gives each point's colour; `hidden[l]` drops language l.
 */
export function buildDensityGrid(coords: Float32Array, lang: Uint16Array, colours: readonly Rgba[], hidden: readonly boolean[], size = DENSITY_SIZE): DensityGrid {
  if (!(size >= 1 && (size & (size - 1)) === 0)) throw new RangeError(`density grid size must be a power of two, got ${size}`);
  const n = lang.length;
  const visible = (l: number) => !hidden[l];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i], y = coords[2 * i + 1];
    if (!visible(lang[i]) || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX > maxX) {
    minX = minY = 0;
    maxX = maxY = 1;
  }
  // Square cells; the extent is padded by a cell on each side so that edge points bin inside.
  const side = Math.max(maxX - minX, maxY - minY, 1e-9);
  const cell = side / (size - 2);
  const x0 = (minX + maxX) / 2 - (size / 2) * cell;
  const y0 = (minY + maxY) / 2 - (size / 2) * cell;
  const level0 = new Float32Array(4 * size * size);
  const rgb = new Float32Array(3 * Math.max(1, colours.length));
  colours.forEach((c, l) => rgb.set([c[0] / 255, c[1] / 255, c[2] / 255], 3 * l));
  const grey = 128 / 255;
  let binned = 0;
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i], y = coords[2 * i + 1];
    const l = lang[i];
    if (!visible(l) || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    const cx = Math.min(size - 1, Math.max(0, Math.floor((x - x0) / cell)));
    const cy = Math.min(size - 1, Math.max(0, Math.floor((y - y0) / cell)));
    const o = 4 * (cy * size + cx);
    if (colours.length) {
      const p = 3 * (l % colours.length);
      level0[o] += rgb[p];
      level0[o + 1] += rgb[p + 1];
      level0[o + 2] += rgb[p + 2];
    } else {
      level0[o] += grey;
      level0[o + 1] += grey;
      level0[o + 2] += grey;
    }
    level0[o + 3] += 1;
    binned++;
  }
  const levels = [level0];
  for (let s = size >> 1; s >= 1; s >>= 1) {
    const below = levels[levels.length - 1];
    const w = 2 * s;
    const out = new Float32Array(4 * s * s);
    for (let y = 0; y < s; y++) {
      for (let x = 0; x < s; x++) {
        const a = 4 * (2 * y * w + 2 * x), b = a + 4 * w;
        for (let c = 0; c < 4; c++) out[4 * (y * s + x) + c] = (below[a + c] + below[a + 4 + c] + below[b + c] + below[b + 4 + c]) / 4;
      }
    }
    levels.push(out);
  }
  return { size, x0, y0, cell, levels, binned };
}
