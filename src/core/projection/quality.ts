import type { Knn } from './knnGraph';

/**
 * How well a 2-D layout keeps high-dimensional neighbourhoods, for tests and benchmarks.
 * Both take the exact high-dimensional kNN lists and compute the 2-D ones by brute force
 * (O(n²): meant for up to a few tens of thousands of points).
 */

/** Per point, its `k` nearest other points in the layout (Euclidean), nearest first. */
export function layoutKnn(coords: Float32Array | Float64Array, k: number): Int32Array {
  const n = coords.length / 2;
  const kk = Math.min(k, n - 1);
  const out = new Int32Array(n * kk);
  const bestD = new Float64Array(kk);
  const bestI = new Int32Array(kk);
  for (let i = 0; i < n; i++) out.set(layoutNeighboursOf(coords, i, bestD, bestI), i * kk);
  return out;
}

/**
 * Point i's nearest other points in the layout, nearest first, by brute force (O(n)): as many as
 * `bestI` holds, which it fills and returns (`bestD` is scratch of the same length).
 */
export function layoutNeighboursOf(coords: Float32Array | Float64Array, i: number, bestD: Float64Array, bestI: Int32Array): Int32Array {
  const kk = bestI.length;
  const n = coords.length / 2;
  bestD.fill(Infinity);
  bestI.fill(-1);
  const x = coords[2 * i];
  const y = coords[2 * i + 1];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const dx = coords[2 * j] - x;
    const dy = coords[2 * j + 1] - y;
    const d = dx * dx + dy * dy;
    if (d >= bestD[kk - 1]) continue;
    let p = kk - 1;
    while (p > 0 && bestD[p - 1] > d) {
      bestD[p] = bestD[p - 1];
      bestI[p] = bestI[p - 1];
      p--;
    }
    bestD[p] = d;
    bestI[p] = j;
  }
  return bestI;
}

/** Mean share of each point's `k` high-dimensional neighbours that are among its `k` layout neighbours. */
export function knnRecall(knn: Knn, coords: Float32Array | Float64Array, k = knn.k): number {
  const kk = Math.min(k, knn.k);
  const low = layoutKnn(coords, kk);
  let hits = 0;
  const set = new Set<number>();
  for (let i = 0; i < knn.n; i++) {
    set.clear();
    for (let r = 0; r < kk; r++) set.add(low[i * kk + r]);
    for (let r = 0; r < kk; r++) if (set.has(knn.indices[i * knn.k + r])) hits++;
  }
  return hits / (knn.n * kk);
}

/**
 * Trustworthiness (Venna & Kaski): 1 − penalty for layout neighbours that are not
 * high-dimensional neighbours, weighted by how far down the high-dimensional ranking they are.
 * `rankOf(i, j)` must give j's 1-based rank among i's high-dimensional neighbours.
 */
export function trustworthiness(n: number, coords: Float32Array | Float64Array, k: number, rankOf: (i: number, j: number) => number): number {
  const low = layoutKnn(coords, k);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < k; r++) {
      const rank = rankOf(i, low[i * k + r]);
      if (rank > k) penalty += rank - k;
    }
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
}
