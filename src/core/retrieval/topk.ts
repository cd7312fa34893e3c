/**
 * Partial selection of the k best entries of a score row with the SPEC §1 order (score
 * descending, lower index first on ties), via a size-k heap whose root is the worst kept entry.
 * Cost O(n + (insertions) log k); a full sort only of the k survivors.
 * Row-at-a-time: search() streams tiles through ChunkScan instead; kept as the independent
 * oracle the tiled scan is tested against (test/core/retrieval/tiled.test.ts).
 */
export class TopKSelector {
  private readonly heapScore: Float64Array;
  private readonly heapIndex: Int32Array;

  constructor(private readonly k: number) {
    this.heapScore = new Float64Array(k);
    this.heapIndex = new Int32Array(k);
  }

  /** Selects from `row[off .. off + n)` (n ≥ k) into `outIndex/outScore[outOff .. outOff + k)`, best first. */
  select(row: Float32Array, off: number, n: number, outIndex: Int32Array, outScore: Float32Array, outOff: number): void {
    const k = this.k;
    const hs = this.heapScore;
    const hi = this.heapIndex;
    for (let j = 0; j < k; j++) this.push(j, row[off + j], j);
    let worst = hs[0];
    for (let j = k; j < n; j++) {
      const s = row[off + j];
      // j is larger than every kept index, so an equal score ranks below them: strict test.
      if (s > worst) {
        this.siftDown(s, j, k);
        worst = hs[0];
      }
    }
    // Pop worst-first into the output from the back.
    for (let size = k; size > 0; size--) {
      outIndex[outOff + size - 1] = hi[0];
      outScore[outOff + size - 1] = hs[0];
      const lastS = hs[size - 1];
      const lastI = hi[size - 1];
      if (size > 1) this.siftDown(lastS, lastI, size - 1);
    }
  }

  /** Inserts at position `size` (heap holds `size` entries) and restores the heap. */
  private push(size: number, s: number, idx: number): void {
    const hs = this.heapScore;
    const hi = this.heapIndex;
    let c = size;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!worse(s, idx, hs[p], hi[p])) break;
      hs[c] = hs[p];
      hi[c] = hi[p];
      c = p;
    }
    hs[c] = s;
    hi[c] = idx;
  }

  /** Replaces the root with (s, idx) in a heap of `size` entries and sifts it down. */
  private siftDown(s: number, idx: number, size: number): void {
    const hs = this.heapScore;
    const hi = this.heapIndex;
    let p = 0;
    for (;;) {
      let c = 2 * p + 1;
      if (c >= size) break;
      if (c + 1 < size && worse(hs[c + 1], hi[c + 1], hs[c], hi[c])) c++;
      if (!worse(hs[c], hi[c], s, idx)) break;
      hs[p] = hs[c];
      hi[p] = hi[c];
      p = c;
    }
    hs[p] = s;
    hi[p] = idx;
  }
}

/** (sa, ia) ranks below (sb, ib). */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}
