/**
 * Pure geometry for the training charts: axis ranges and ticks, value → pixel maps, and the
 * thinning of long series to about one point per pixel column (min and max kept, so spikes
 * stay visible).
 */

export interface Scale {
  (v: number): number;
  domain: [number, number];
  range: [number, number];
}

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = ((v: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + (v - d0) * k)) as Scale;
  f.domain = domain;
  f.range = range;
  return f;
}

/** "Nice" tick values (1, 2, 5 × 10^k steps) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  if (min > max) [min, max] = [max, min];
  const step = niceStep((max - min) / Math.max(1, count));
  const first = Math.ceil(min / step - 1e-9) * step;
  const out: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : +v.toPrecision(12));
  return out;
}

function niceStep(raw: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  const e = 1e-9; // 1e-4 / 5 is 2.0000000000000002e-5: still a step of 2
  return (m <= 1 + e ? 1 : m <= 2 + e ? 2 : m <= 5 + e ? 5 : 10) * p;
}

/**
 * The y range to draw: the finite values' extent widened to nice bounds (and by a little when
 * flat, so a constant line sits mid-chart). `include` values (e.g. 0 for a loss) are kept in.
 */
export function niceDomain(values: Iterable<number>, include: number[] = []): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  for (const v of include) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === Infinity) return undefined;
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  const step = niceStep((hi - lo) / 5);
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/**
 * At most about `buckets` × 2 points of (xs, ys): per bucket of consecutive points, the first,
 * the minimum and the maximum, in order. NaN values (gaps) are kept so lines break there.
 */
export function downsample(xs: ArrayLike<number>, ys: ArrayLike<number>, buckets: number): Array<[number, number]> {
  const n = Math.min(xs.length, ys.length);
  const out: Array<[number, number]> = [];
  if (n <= buckets * 2) {
    for (let i = 0; i < n; i++) out.push([xs[i], ys[i]]);
    return out;
  }
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = b === buckets - 1 ? n : Math.floor((b + 1) * size);
    let iMin = -1;
    let iMax = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const y = ys[i];
      if (!Number.isFinite(y)) {
        gap = i;
        continue;
      }
      if (iMin < 0 || y < ys[iMin]) iMin = i;
      if (iMax < 0 || y > ys[iMax]) iMax = i;
    }
    const picks = [...new Set([iMin, iMax].filter((i) => i >= 0))].sort((a, b2) => a - b2);
    if (gap >= 0) out.push([xs[gap], NaN]);
    for (const i of picks) out.push([xs[i], ys[i]]);
  }
  return out;
}

/** SVG path data through the points, starting a new sub-path after each gap (NaN). */
export function linePath(points: Array<[number, number]>, x: (v: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const [px, py] of points) {
    if (!Number.isFinite(px) || !Number.isFinite(py)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(px).toFixed(1)},${y(py).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Tick label: short, without float noise (0.30000000000000004 → 0.3; 1e-4 stays exponential). */
export function tickLabel(v: number, exponential = false): string {
  if (v === 0) return '0';
  // As many digits as the tick needs (1.5e−4 is not 1e−4), without float noise.
  if (exponential) return (+v.toPrecision(3)).toExponential().replace('e-', 'e−');
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return String(+v.toPrecision(4));
}
