import { rng } from '../../src/core/metrics/stats';

export { rng };

/** `n` points: Gaussian-ish clusters plus a few far outliers, x,y interleaved. */
export function clusteredPoints(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const coords = new Float32Array(2 * n);
  const centres = Array.from({ length: 6 }, () => [r() * 20 - 10, r() * 20 - 10]);
  for (let i = 0; i < n; i++) {
    if (i % 97 === 0) {
      coords[2 * i] = (r() - 0.5) * 400;
      coords[2 * i + 1] = (r() - 0.5) * 400;
      continue;
    }
    const [cx, cy] = centres[i % centres.length];
    coords[2 * i] = cx + (r() + r() + r() - 1.5) * 2;
    coords[2 * i + 1] = cy + (r() + r() + r() - 1.5) * 2;
  }
  return coords;
}
