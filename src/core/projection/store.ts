import type { Matrix } from '../vectors';
import { pointNeighbours, type PointNeighbour } from './neighbours';

/**
 * The vectors of the last projections, kept (in the engine worker) for neighbour lookups after
 * the layout has been sent. Bounded: at most `maxEntries` projections and `maxBytes` of vectors;
 * the oldest go first. A lookup on a forgotten projection returns undefined (the caller re-runs it).
 */
export interface StoredProjection {
  vectors: Matrix;
  languages: string[];
  lang: Uint16Array;
}

export class ProjectionStore {
  private readonly entries = new Map<number, StoredProjection>();
  private nextId = 1;

  constructor(
    private readonly maxEntries = 4,
    private readonly maxBytes = 512 * 1024 * 1024,
  ) {}

  add(p: StoredProjection): number {
    const id = this.nextId++;
    this.entries.set(id, p);
    let bytes = 0;
    for (const e of this.entries.values()) bytes += e.vectors.data.byteLength;
    // Evict oldest first (Map keeps insertion order); the newest always stays.
    for (const [key, e] of this.entries) {
      if (key === id || (this.entries.size <= this.maxEntries && bytes <= this.maxBytes)) break;
      this.entries.delete(key);
      bytes -= e.vectors.data.byteLength;
    }
    return id;
  }

  has(id: number): boolean {
    return this.entries.has(id);
  }

  neighbours(id: number, index: number, k: number): PointNeighbour[] | undefined {
    const p = this.entries.get(id);
    if (!p) return undefined;
    return pointNeighbours(p.vectors, index, k, (i) => p.languages[p.lang[i]]);
  }
}
