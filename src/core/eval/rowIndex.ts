/**
 * Which matrix row holds each encoded unit (an index into the corpus's queries or documents), in
 * two Int32Arrays instead of a Map of every unit: a 2M-passage pool's Map cost ~100 MB of heap
 * that every garbage collection walks. Iterates like the Map it replaces: [unit, row] in row order.
 */
export class RowIndex implements Iterable<[number, number]> {
  private readonly units: Int32Array;
  /** row of unit u at [u - base], −1 when u is not encoded. */
  private readonly rowOfUnit: Int32Array;
  private readonly base: number;

  constructor(units: ArrayLike<number>) {
    this.units = Int32Array.from(units);
    let lo = Infinity;
    let hi = -Infinity;
    for (const u of this.units) {
      if (u < lo) lo = u;
      if (u > hi) hi = u;
    }
    this.base = this.units.length ? lo : 0;
    this.rowOfUnit = new Int32Array(this.units.length ? hi - lo + 1 : 0).fill(-1);
    // A unit listed twice keeps its last row, as Map.set in list order would.
    this.units.forEach((u, r) => (this.rowOfUnit[u - this.base] = r));
  }

  get size(): number {
    return this.units.length;
  }

  get(unit: number): number | undefined {
    const r = this.rowOfUnit[unit - this.base];
    return r === undefined || r < 0 ? undefined : r;
  }

  has(unit: number): boolean {
    return this.get(unit) !== undefined;
  }

  /** Units in row order. */
  *keys(): IterableIterator<number> {
    for (const u of this.units) yield u;
  }

  *[Symbol.iterator](): IterableIterator<[number, number]> {
    for (let r = 0; r < this.units.length; r++) yield [this.units[r], r];
  }
}
