import { throwIfAborted } from '../errors';
import type { TaskOptions } from '../progress';
import { CurveTable } from './curveTable';
import type { FuzzyGraph } from './fuzzyGraph';

/**
 * UMAP's layout optimisation (umap-learn's `optimize_layout_euclidean`, 2-D, over typed arrays):
 * each epoch, every edge whose turn has come pulls its two ends together (gradient of
 * `log(1 / (1 + a·d^(2b)))`, both ends move), then pushes the head away from
 * `negativeSampleRate` uniformly drawn points per sample (gradient coefficients come from
 * interpolated tables, see curveTable.ts). An edge of weight w is sampled
 * `epochs · w / max w` times in all. Gradients are clipped to ±4; the learning rate decays
 * linearly from `learningRate` to 0. Negative samples come from a seeded xorshift generator and
 * everything runs on one thread in a fixed order, so the same seed and graph give the same
 * layout bit for bit.
 */
export interface OptimizeOptions extends TaskOptions {
  epochs: number;
  a: number;
  b: number;
  seed: number;
  learningRate?: number;
  negativeSampleRate?: number;
  /** Weight of the repulsive term (umap-learn's `repulsion_strength`, γ). */
  repulsion?: number;
}

const CLIP = 4;

/** Optimises `coords` (x, y interleaved, float64) in place. Yields between epochs so cancellation is seen. */
export async function optimizeLayout(graph: FuzzyGraph, coords: Float64Array, opts: OptimizeOptions): Promise<void> {
  const { n, head, tail, weight } = graph;
  const { epochs, a, b, signal, onProgress } = opts;
  const gamma = opts.repulsion ?? 1;
  const negRate = opts.negativeSampleRate ?? 5;
  const alpha0 = opts.learningRate ?? 1;
  const m = head.length;
  if (n < 2 || m === 0 || epochs <= 0) return;

  let wMax = 0;
  for (let e = 0; e < m; e++) wMax = Math.max(wMax, weight[e]);
  const perSample = new Float64Array(m);
  for (let e = 0; e < m; e++) perSample[e] = wMax / weight[e];
  const perNegative = new Float64Array(m);
  for (let e = 0; e < m; e++) perNegative[e] = perSample[e] / negRate;
  const nextSample = perSample.slice();
  const nextNegative = perNegative.slice();

  // xorshift32 state (never 0).
  let s = (opts.seed ^ 0x9e3779b9) >>> 0 || 1;
  // Gradient coefficients of the attractive and repulsive terms, as functions of d².
  const attract = new CurveTable((d2) => (-2 * a * b * Math.pow(d2, b - 1)) / (a * Math.pow(d2, b) + 1));
  const repel = new CurveTable((d2) => (2 * gamma * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1)));
  let lastReport = 0;

  for (let epoch = 0; epoch < epochs; epoch++) {
    const alpha = alpha0 * (1 - epoch / epochs);
    for (let e = 0; e < m; e++) {
      if (nextSample[e] > epoch) continue;
      const j = head[e];
      const k = tail[e];
      let jx = coords[2 * j];
      let jy = coords[2 * j + 1];
      let dx = jx - coords[2 * k];
      let dy = jy - coords[2 * k + 1];
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const g = attract.at(d2);
        const gx = clip(g * dx) * alpha;
        const gy = clip(g * dy) * alpha;
        jx += gx;
        jy += gy;
        coords[2 * k] -= gx;
        coords[2 * k + 1] -= gy;
      }
      nextSample[e] += perSample[e];

      const negatives = Math.floor((epoch - nextNegative[e]) / perNegative[e]);
      for (let p = 0; p < negatives; p++) {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        const r = (s >>> 0) % n;
        if (r === j) continue;
        dx = jx - coords[2 * r];
        dy = jy - coords[2 * r + 1];
        d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          const g = repel.at(d2);
          jx += clip(g * dx) * alpha;
          jy += clip(g * dy) * alpha;
        }
      }
      nextNegative[e] += negatives * perNegative[e];
      coords[2 * j] = jx;
      coords[2 * j + 1] = jy;
    }
    const now = performance.now();
    if (onProgress && (now - lastReport > 100 || epoch === epochs - 1)) {
      lastReport = now;
      onProgress({ phase: 'layout epochs', done: epoch + 1, total: epochs, unit: 'steps' });
    }
    if (signal) {
      // Let a pending abort (a message to this thread) run, then honour it.
      await new Promise<void>((resolve) => setImmediate(resolve));
      throwIfAborted(signal);
    }
  }
}

function clip(x: number): number {
  return x > CLIP ? CLIP : x < -CLIP ? -CLIP : x;
}
