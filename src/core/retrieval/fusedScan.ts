import { BLOCK, type TileCount } from './tileScorer';
import type { TopK } from './types';

/** Buckets of a dense query's threshold table: 8 KB, stays in L1 while its row is scanned. */
const TABLE = 2048;
/** Scores of a query's first tile sampled to choose its tally before scanning. */
const SAMPLE = 256;

/**
 * One pass over score tiles that keeps, per query of a chunk, everything a search reports: the
 * top-k (SPEC §1 order: score descending, lower document index first) and, for the requested
 * documents, how many documents rank above each of them, per label. Tiles arrive in pool order
 * (ascending document index), so a document tied with a kept one always ranks below it.
 *
 * Ranks need each requested document's score before its tile is seen: the caller passes those
 * thresholds up front and `mismatches()` afterwards tells whether the tiles agreed with them.
 *
 * Requested documents of a query are held sorted worst first (the thresholds). A document beating
 * exactly the t worst of them is tallied in `hist[t][label]`; the number of documents above
 * requested position p is then Σ_{t > p} hist[t] (beating is monotone in that order).
 */
export class ChunkScan {
  private mq = 0;
  private heapS: Float64Array;
  private heapI: Int32Array;
  private size: Int32Array;
  private thrOff = new Int32Array(1);
  /** Float32 like the scores they are (a kernel that counts reads them as they are). */
  private thrScore = new Float32Array(0);
  private thrIndex = new Int32Array(0);
  private thrPos = new Int32Array(0);
  private observed = new Float64Array(0);
  private histOff = new Int32Array(1);
  private hist = new Int32Array(0);
  /** Per query: tally without data-dependent branches (many documents above the worst threshold). */
  private dense: Uint8Array;
  /** Per dense query with more than 4 requested documents: its bucket table (see `buildTable`). */
  private tables: Array<Int32Array | undefined> = [];
  private tableScale = new Float64Array(0);
  private readonly L: number;

  constructor(
    private readonly k: number,
    maxQueries: number,
    private readonly labels?: Uint16Array,
    labelCount = 1,
  ) {
    this.L = labels ? labelCount : 1;
    this.heapS = new Float64Array(maxQueries * k);
    this.heapI = new Int32Array(maxQueries * k);
    this.size = new Int32Array(maxQueries);
    this.dense = new Uint8Array(maxQueries);
    this.tableScale = new Float64Array(maxQueries);
  }

  /**
   * Starts a chunk of `mq` queries. `req[i]` lists query i's requested documents (any order,
   * repeats allowed) and `thr[i][r]` the score expected for `req[i][r]`.
   */
  reset(mq: number, req?: ReadonlyArray<Int32Array>, thr?: ReadonlyArray<Float32Array>): void {
    this.mq = mq;
    this.size.fill(0, 0, mq);
    this.dense.fill(0, 0, mq);
    const L = this.L;
    let total = 0;
    let histTotal = 0;
    const thrOff = new Int32Array(mq + 1);
    const histOff = new Int32Array(mq + 1);
    for (let i = 0; i < mq; i++) {
      const m = req?.[i].length ?? 0;
      total += m;
      histTotal += (m + 1) * L;
      thrOff[i + 1] = total;
      histOff[i + 1] = histTotal;
    }
    this.thrOff = thrOff;
    this.histOff = histOff;
    if (this.thrScore.length < total) {
      this.thrScore = new Float32Array(total);
      this.thrIndex = new Int32Array(total);
      this.thrPos = new Int32Array(total);
      this.observed = new Float64Array(total);
    }
    if (this.hist.length < histTotal) this.hist = new Int32Array(histTotal);
    this.hist.fill(0, 0, histTotal);
    this.observed.fill(NaN, 0, total);
    if (!req || !thr) return;
    for (let i = 0; i < mq; i++) {
      const r = req[i];
      const s = thr[i];
      // Worst first: score ascending, then index descending.
      const order = Array.from({ length: r.length }, (_, p) => p).sort((a, b) => s[a] - s[b] || r[b] - r[a]);
      const o = thrOff[i];
      order.forEach((p, t) => {
        this.thrScore[o + t] = s[p];
        this.thrIndex[o + t] = r[p];
        this.thrPos[o + t] = p;
      });
    }
  }

  /**
   * The chunk's thresholds and tallies for a kernel that counts ranks itself (TileScorer.counts):
   * it then adds the tile at pool index `j0` into the very histogram `finish` reads, and that
   * tile is scanned with `counted` (top-k only).
   */
  tileCount(j0: number): TileCount {
    return {
      thrScore: this.thrScore,
      thrIndex: this.thrIndex,
      thrOff: this.thrOff,
      histOff: this.histOff,
      hist: this.hist,
      labels: this.labels ?? null,
      L: this.L,
      j0,
    };
  }

  /**
   * Scans `S[i * nt + j]` = score of query i of the chunk and document `j0 + j`. With
   * `blockMax` (see TileScorer), blocks whose maximum is below everything counted are skipped.
   * `counted`: the kernel has tallied this tile (see tileCount); only the top-k is kept here.
   */
  scanTile(S: Float32Array, nt: number, j0: number, blockMax?: Float32Array, counted = false): void {
    const { k, L, labels, heapS, size, thrOff, thrScore, thrIndex, observed, histOff, hist, dense } = this;
    for (let i = 0; i < this.mq; i++) {
      const r = i * nt;
      const hb = i * k;
      let kth = size[i] < k ? -Infinity : heapS[hb];
      const tb = thrOff[i];
      const m = thrOff[i + 1] - tb;
      const h0 = histOff[i];
      for (let t = tb; t < tb + m; t++) {
        const g = thrIndex[t] - j0;
        if (g >= 0 && g < nt) observed[t] = S[r + g];
      }
      if (counted) {
        this.scanTopK(i, S, r, nt, j0, kth, blockMax);
        continue;
      }
      if (!dense[i] && m > 0 && j0 === 0) this.chooseMode(i, S, r, Math.min(nt, SAMPLE));
      if (dense[i] && m > 4) {
        // Many thresholds: one table look-up per document, exact comparisons only in the few
        // buckets that hold a threshold.
        const table = this.tables[i]!;
        const lo = thrScore[tb];
        const scale = this.tableScale[i];
        for (let j = 0; j < nt; j++) {
          const s = S[r + j];
          const g = j0 + j;
          if (s > kth) kth = this.insert(i, s, g);
          let t = table[Math.max(0, Math.min(TABLE + 2, (s - lo) * scale + 1)) | 0];
          if (t < 0) {
            t = -1 - t;
            while (t < m) {
              const ts = thrScore[tb + t];
              if (s > ts || (s === ts && g < thrIndex[tb + t])) t++;
              else break;
            }
          }
          hist[h0 + t * L + (labels === undefined ? 0 : labels[g])]++;
        }
        continue;
      }
      if (dense[i]) {
        // m ≤ 4: count the thresholds beaten with comparisons instead of branches; thresholds
        // past m are +Infinity, which no finite score beats.
        const a0 = thrScore[tb], i0 = thrIndex[tb];
        const a1 = m > 1 ? thrScore[tb + 1] : Infinity, i1 = m > 1 ? thrIndex[tb + 1] : -1;
        const a2 = m > 2 ? thrScore[tb + 2] : Infinity, i2 = m > 2 ? thrIndex[tb + 2] : -1;
        const a3 = m > 3 ? thrScore[tb + 3] : Infinity, i3 = m > 3 ? thrIndex[tb + 3] : -1;
        for (let j = 0; j < nt; j++) {
          const s = S[r + j];
          const g = j0 + j;
          if (s > kth) kth = this.insert(i, s, g);
          const t =
            (+(s > a0) | (+(s === a0) & +(g < i0))) +
            (+(s > a1) | (+(s === a1) & +(g < i1))) +
            (+(s > a2) | (+(s === a2) & +(g < i2))) +
            (+(s > a3) | (+(s === a3) & +(g < i3)));
          hist[h0 + t * L + (labels === undefined ? 0 : labels[g])]++;
        }
        continue;
      }
      const a0 = m > 0 ? thrScore[tb] : Infinity;
      let lo = Math.min(kth, a0);
      let reached = 0;
      const nb = blockMax ? Math.ceil(nt / BLOCK) : 1;
      for (let b = 0; b < nb; b++) {
        if (blockMax && blockMax[i * nb + b] < lo) continue;
        const end = blockMax ? Math.min(nt, (b + 1) * BLOCK) : nt;
        for (let j = blockMax ? b * BLOCK : 0; j < end; j++) {
          const s = S[r + j];
          if (s < lo) continue;
          const g = j0 + j;
          if (s > kth) {
            kth = this.insert(i, s, g);
            lo = Math.min(kth, a0);
          }
          if (s >= a0) {
            reached++;
            let t = 0;
            while (t < m) {
              const ts = thrScore[tb + t];
              if (s > ts || (s === ts && g < thrIndex[tb + t])) t++;
              else break;
            }
            if (t > 0) hist[h0 + t * L + (labels === undefined ? 0 : labels[g])]++;
          }
        }
      }
      // Past one document in eight above the worst threshold, the branches mispredict often.
      if (m > 0 && reached * 8 > nt) this.makeDense(i);
    }
  }

  /** Query i's top-k over one tile: only blocks whose maximum beats its k-th best are read. */
  private scanTopK(i: number, S: Float32Array, r: number, nt: number, j0: number, kth: number, blockMax?: Float32Array): void {
    const nb = blockMax ? Math.ceil(nt / BLOCK) : 1;
    for (let b = 0; b < nb; b++) {
      if (blockMax && blockMax[i * nb + b] <= kth) continue;
      const end = blockMax ? Math.min(nt, (b + 1) * BLOCK) : nt;
      for (let j = blockMax ? b * BLOCK : 0; j < end; j++) {
        const s = S[r + j];
        if (s > kth) kth = this.insert(i, s, j0 + j);
      }
    }
  }

  /** Starts query i dense when more than one in eight of the first `count` scores reach its worst threshold. */
  private chooseMode(i: number, S: Float32Array, r: number, count: number): void {
    const a0 = this.thrScore[this.thrOff[i]];
    let reached = 0;
    for (let j = 0; j < count; j++) if (S[r + j] >= a0) reached++;
    if (reached * 8 > count) this.makeDense(i);
  }

  private makeDense(i: number): void {
    this.dense[i] = 1;
    if (this.thrOff[i + 1] - this.thrOff[i] > 4) this.buildTable(i);
  }

  /**
   * Query i's thresholds, worst `lo` to best `hi`, cut into TABLE equal buckets by the monotone
   * map b(s) = clamp(⌊(s − lo)·scale⌋ + 1, 0, TABLE + 2). table[b] = the number of thresholds in
   * buckets below b, or −1 − that number when bucket b holds a threshold (compare exactly there):
   * a bucket without one lies strictly between two thresholds, so every document in it beats
   * exactly the thresholds below it.
   */
  private buildTable(i: number): void {
    const tb = this.thrOff[i];
    const m = this.thrOff[i + 1] - tb;
    const table = (this.tables[i] ??= new Int32Array(TABLE + 3));
    const lo = this.thrScore[tb];
    const span = this.thrScore[tb + m - 1] - lo;
    const scale = span > 0 ? TABLE / span : 0;
    this.tableScale[i] = scale;
    let b = 0;
    for (let p = 0; p < m; ) {
      const bp = Math.max(0, Math.min(TABLE + 2, (this.thrScore[tb + p] - lo) * scale + 1)) | 0;
      table.fill(p, b, bp);
      table[bp] = -1 - p;
      while (p < m && (Math.max(0, Math.min(TABLE + 2, (this.thrScore[tb + p] - lo) * scale + 1)) | 0) === bp) p++;
      b = bp + 1;
    }
    table.fill(m, b, TABLE + 3);
  }

  /** Requested documents whose score in their tile differed from the threshold given (0 = exact). */
  mismatches(): number {
    let bad = 0;
    const total = this.thrOff[this.mq];
    for (let t = 0; t < total; t++) if (this.observed[t] !== this.thrScore[t]) bad++;
    return bad;
  }

  /** The scores seen for each requested document, per query, in request order. */
  observedScores(): Float32Array[] {
    return Array.from({ length: this.mq }, (_, i) => {
      const tb = this.thrOff[i];
      const m = this.thrOff[i + 1] - tb;
      const out = new Float32Array(m);
      for (let t = 0; t < m; t++) out[this.thrPos[tb + t]] = this.observed[tb + t];
      return out;
    });
  }

  /**
   * Writes the chunk's results: top-k of query i at row `first + i` of `out`; `ranks[i][r]` and
   * `above[i][r * L + l]` for requested position r.
   */
  finish(out: TopK, first: number, ranks?: Int32Array[], above?: Int32Array[]): void {
    const { k, L, heapS, heapI, size, thrOff, thrPos, histOff, hist } = this;
    const acc = new Int32Array(L);
    for (let i = 0; i < this.mq; i++) {
      const hb = i * k;
      const o = (first + i) * out.k;
      // Pop worst first into the output from the back.
      for (let n = size[i]; n > 0; n--) {
        out.indices[o + n - 1] = heapI[hb];
        out.scores[o + n - 1] = heapS[hb];
        if (n > 1) this.siftDown(hb, heapS[hb + n - 1], heapI[hb + n - 1], n - 1);
      }
      if (!ranks) continue;
      const tb = thrOff[i];
      const m = thrOff[i + 1] - tb;
      const h0 = histOff[i];
      acc.fill(0);
      for (let p = m - 1; p >= 0; p--) {
        let total = 0;
        for (let l = 0; l < L; l++) total += acc[l] += hist[h0 + (p + 1) * L + l];
        const r = thrPos[tb + p];
        ranks[i][r] = total + 1;
        if (above && this.labels) above[i].set(acc, r * L);
      }
    }
  }

  /** Adds (s, g) to query i's heap (s beats its worst kept entry, or the heap is not full). */
  private insert(i: number, s: number, g: number): number {
    const k = this.k;
    const hb = i * k;
    const { heapS, heapI, size } = this;
    if (size[i] < k) {
      // Sift up from the end: the root stays the worst kept entry.
      let c = size[i]++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(s, g, heapS[hb + p], heapI[hb + p])) break;
        heapS[hb + c] = heapS[hb + p];
        heapI[hb + c] = heapI[hb + p];
        c = p;
      }
      heapS[hb + c] = s;
      heapI[hb + c] = g;
      return size[i] < k ? -Infinity : heapS[hb];
    }
    this.siftDown(hb, s, g, k);
    return heapS[hb];
  }

  /** Replaces the root of the heap at `hb` (holding `n` entries) with (s, g) and sifts it down. */
  private siftDown(hb: number, s: number, g: number, n: number): void {
    const { heapS, heapI } = this;
    let p = 0;
    for (;;) {
      let c = 2 * p + 1;
      if (c >= n) break;
      if (c + 1 < n && worse(heapS[hb + c + 1], heapI[hb + c + 1], heapS[hb + c], heapI[hb + c])) c++;
      if (!worse(heapS[hb + c], heapI[hb + c], s, g)) break;
      heapS[hb + p] = heapS[hb + c];
      heapI[hb + p] = heapI[hb + c];
      p = c;
    }
    heapS[hb + p] = s;
    heapI[hb + p] = g;
  }
}

/** (sa, ia) ranks below (sb, ib). */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}
