import type { Distribution } from './types';

/** Mean, median (midpoint of the middle two), nearest-rank 95th percentile and max; undefined when empty. */
export function distribution(values: ArrayLike<number>): Distribution | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const s = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i];
  const m = n >> 1;
  return {
    n,
    mean: sum / n,
    median: n % 2 ? s[m] : (s[m - 1] + s[m]) / 2,
    p95: s[Math.max(0, Math.ceil(0.95 * n) - 1)],
    max: s[n - 1],
  };
}
