/** Maps a data interval onto pixels, linearly or on a log scale (for K, which spans 1..100). */
export interface Scale {
  (v: number): number;
  ticks: number[];
}

export function linearScale(d0: number, d1: number, r0: number, r1: number, ticks: number[]): Scale {
  const f = ((v: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0))) as Scale;
  f.ticks = ticks;
  return f;
}

/** Log scale when the domain spans more than a decade, with 1-2-5 ticks; linear otherwise. */
export function kScale(k0: number, k1: number, r0: number, r1: number): Scale {
  if (k1 / Math.max(1, k0) <= 10) {
    const step = niceStep((k1 - k0) / 8);
    const ticks: number[] = [];
    for (let t = Math.ceil(k0 / step) * step; t <= k1; t += step) ticks.push(t);
    return linearScale(k0, k1, r0, r1, ticks);
  }
  const l0 = Math.log10(k0);
  const l1 = Math.log10(k1);
  const f = ((v: number) => r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0)) as Scale;
  f.ticks = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].filter((t) => t >= k0 && t <= k1);
  return f;
}

/** 1, 2 or 5 times a power of ten, at least `raw` (≥ 1: ranks are whole numbers). */
export function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}
