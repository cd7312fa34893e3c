/** Buckets over [-bound, bound]: 32 KB of table, fine enough that few documents need an exact compare. */
const BUCKETS = 8192;
/** Below this row length the table set-up outweighs the branchy scan. */
const MIN_BUCKETED_ROW = 2048;

export interface RankHints {
  /** |score| ≤ bound over the whole row (see `scoreBound`): enables the branch-free bucketed pass. */
  bound?: number;
  /** The row's k-th best score, when known from top-k. */
  kthScore?: number;
}

/**
 * Exact ranks of requested documents within one row of scores (SPEC §1): document j is above
 * requested document r when s_j > s_r, or s_j == s_r and j < r. One pass over the row.
 *
 * The requested documents are sorted worst first (the thresholds). A document that beats the t
 * worst of them (and no better one) is tallied in `hist[t][label]`; the count of documents above
 * requested position p is then the suffix sum Σ_{t > p} hist[t].
 * Needs the whole row: search() streams tiles through ChunkScan instead; kept as the independent
 * oracle the tiled scan is tested against (test/core/retrieval/tiled.test.ts).
 */
export class RequestedRanker {
  private order = new Int32Array(16);
  private thrScore = new Float64Array(16);
  private thrIndex = new Int32Array(16);
  private thrBucket = new Int32Array(16);
  private hist = new Int32Array(16);
  private acc: Int32Array;
  private table = new Int32Array(BUCKETS + 2);
  private zeros = new Uint16Array(0);

  /** `labels`/`labelCount` describe the pool; without them only ranks are produced. */
  constructor(
    private readonly labels?: Uint16Array,
    private readonly labelCount = 1,
  ) {
    this.acc = new Int32Array(labelCount);
  }

  /**
   * Scores are `row[off .. off + n)`. Writes `ranks[i]` for each `req[i]` and, with labels,
   * `above[i * labelCount + l]`. Hints only choose the faster pass, never the result.
   */
  compute(row: Float32Array, off: number, n: number, req: Int32Array, ranks: Int32Array, above?: Int32Array, hints: RankHints = {}): void {
    const m = req.length;
    if (m === 0) return;
    const L = this.labels ? this.labelCount : 1;
    this.ensure(m, L);
    this.sortThresholds(row, off, req, m);
    const labels = this.labels ?? this.zeroLabels(n);
    const hist = this.hist;
    hist.fill(0, 0, (m + 1) * L);
    const { bound, kthScore } = hints;
    // When even the worst requested document beats the k-th best score, fewer than k documents
    // pass the first test of the linear scan, whose branch is then predictable and cheap.
    const fewAbove = kthScore !== undefined && this.thrScore[0] > kthScore;
    const bucketed =
      !fewAbove && bound !== undefined && bound > 0 && bound < Infinity && n >= MIN_BUCKETED_ROW && this.tallyBucketed(row, off, n, m, L, labels, bound);
    if (!bucketed) {
      hist.fill(0, 0, (m + 1) * L);
      this.tallyLinear(row, off, n, m, L, labels);
    }

    const { order, acc } = this;
    acc.fill(0, 0, L);
    for (let p = m - 1; p >= 0; p--) {
      const h = (p + 1) * L;
      let total = 0;
      for (let l = 0; l < L; l++) total += acc[l] += hist[h + l];
      const r = order[p];
      ranks[r] = total + 1;
      if (above && this.labels) above.set(acc.subarray(0, L), r * L);
    }
  }

  /** order[] = requested positions worst first (score ascending, then index descending). */
  private sortThresholds(row: Float32Array, off: number, req: Int32Array, m: number): void {
    const { order, thrScore, thrIndex } = this;
    for (let i = 0; i < m; i++) order[i] = i;
    const key = (p: number) => row[off + req[p]];
    if (m <= 32) {
      for (let i = 1; i < m; i++) {
        const p = order[i];
        const s = key(p);
        const d = req[p];
        let j = i - 1;
        while (j >= 0 && (key(order[j]) > s || (key(order[j]) === s && req[order[j]] < d))) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = p;
      }
    } else {
      order.set(Array.from(order.subarray(0, m)).sort((a, b) => key(a) - key(b) || req[b] - req[a]));
    }
    for (let t = 0; t < m; t++) {
      thrScore[t] = key(order[t]);
      thrIndex[t] = req[order[t]];
    }
  }

  /** Plain scan: one comparison for documents below the worst requested one, then a walk. */
  private tallyLinear(row: Float32Array, off: number, n: number, m: number, L: number, labels: Uint16Array): void {
    const { thrScore, thrIndex, hist } = this;
    const s0 = thrScore[0];
    for (let j = 0; j < n; j++) {
      const s = row[off + j];
      if (s < s0) continue;
      const t = beaten(s, j, 0, thrScore, thrIndex, m);
      if (t > 0) hist[t * L + labels[j]]++;
    }
  }

  /**
   * The same tally without data-dependent branches: [-bound, bound] is cut into BUCKETS equal
   * buckets and a table maps each bucket to the number of thresholds below it. The map is
   * monotone in s, so a bucket holding no threshold lies strictly between two of them; only the
   * few documents in a bucket that holds one are compared exactly. Every document increments one
   * slot (t = 0 included), so a total ≠ n reveals a score outside the bound: returns false then.
   */
  private tallyBucketed(row: Float32Array, off: number, n: number, m: number, L: number, labels: Uint16Array, bound: number): boolean {
    const { thrScore, thrIndex, thrBucket, hist, table } = this;
    const B = BUCKETS;
    const scale = B / (2 * bound);
    for (let p = 0; p < m; p++) {
      const b = ((thrScore[p] + bound) * scale) | 0;
      if (!(b >= 0 && b <= B)) return false;
      thrBucket[p] = b;
    }
    // table[b] = thresholds in buckets < b, or -1 - that count when bucket b holds a threshold.
    let b = 0;
    for (let p = 0; p < m; ) {
      const bp = thrBucket[p];
      table.fill(p, b, bp);
      table[bp] = -1 - p;
      while (p < m && thrBucket[p] === bp) p++;
      b = bp + 1;
    }
    table.fill(m, b, B + 2);

    for (let j = 0; j < n; j++) {
      const s = row[off + j];
      let t = table[((s + bound) * scale) | 0];
      if (t < 0) t = beaten(s, j, -1 - t, thrScore, thrIndex, m);
      hist[t * L + labels[j]]++;
    }
    let total = 0;
    for (let i = 0; i < (m + 1) * L; i++) total += hist[i];
    return total === n;
  }

  private zeroLabels(n: number): Uint16Array {
    if (this.zeros.length < n) this.zeros = new Uint16Array(n);
    return this.zeros;
  }

  private ensure(m: number, L: number): void {
    if (this.order.length < m) {
      const cap = Math.max(m, this.order.length * 2);
      this.order = new Int32Array(cap);
      this.thrScore = new Float64Array(cap);
      this.thrIndex = new Int32Array(cap);
      this.thrBucket = new Int32Array(cap);
    }
    if (this.hist.length < (m + 1) * L) this.hist = new Int32Array(Math.max((m + 1) * L, this.hist.length * 2));
    if (this.acc.length < L) this.acc = new Int32Array(L);
  }
}

/** How many thresholds (sorted worst first) document (s, j) ranks above, knowing it beats the first `from`. */
function beaten(s: number, j: number, from: number, thrScore: Float64Array, thrIndex: Int32Array, m: number): number {
  let t = from;
  while (t < m) {
    const ts = thrScore[t];
    if (s > ts || (s === ts && j < thrIndex[t])) t++;
    else break;
  }
  return t;
}

/**
 * A bound on |q · d| over a pool for a query of norm `queryNorm`: Cauchy–Schwarz plus the float32
 * summation error of a length-`dim` dot product (γ_dim ≈ dim · 2^-24), doubled for slack.
 */
export function scoreBound(queryNorm: number, maxDocNorm: number, dim: number): number {
  return queryNorm * maxDocNorm * (1 + 2 * dim * 2 ** -24) + Number.MIN_VALUE;
}
