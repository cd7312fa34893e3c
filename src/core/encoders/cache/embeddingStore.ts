import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../util/atomicWrite';
import type { EncoderInfo } from '../encoder';
import { listSegments, readSegmentIndex, readSegmentRows, writeSegment } from './segments';

/** Merge a fingerprint's segments into one when a run starts with more than this many. */
const COMPACT_ABOVE = 64;
/** Leftover temp files (a killed writer) older than this are removed. */
const STALE_TMP_MS = 60 * 60 * 1000;

interface Segment {
  file: string;
  n: number;
}

/**
 * The cached vectors of one encoder fingerprint: `<root>/<fingerprint>/` holding `meta.json`
 * (what produced them, for humans) and segment files. Only keys are held in memory; vectors are
 * read from disk on demand. Several processes may share a folder: each writes its own segments.
 */
export class EmbeddingStore {
  private readonly segments: Segment[] = [];
  private readonly index = new Map<string, { seg: number; row: number }>();

  private constructor(
    readonly dir: string,
    readonly dim: number,
  ) {}

  static async open(root: string, info: EncoderInfo): Promise<EmbeddingStore> {
    const dir = path.join(root, info.fingerprint);
    await fs.promises.mkdir(dir, { recursive: true });
    const meta = path.join(dir, 'meta.json');
    if (!fs.existsSync(meta)) {
      const { source, name, dim, fingerprint, settings } = info;
      await writeFileAtomic(meta, JSON.stringify({ fingerprint, source, name, dim, settings, created: new Date().toISOString() }, null, 1) + '\n');
    }
    removeStaleTemps(dir);
    const store = new EmbeddingStore(dir, info.dim);
    store.load();
    if (store.segments.length > COMPACT_ABOVE) await store.compact();
    return store;
  }

  get size(): number {
    return this.index.size;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  /**
   * Copy the vectors of `keys` into rows `outRows` of `out`. Returns the positions (into `keys`)
   * that could not be read (a segment removed meanwhile by another process's compaction).
   */
  read(keys: readonly string[], out: Float32Array, outRows: readonly number[]): number[] {
    const bySeg = new Map<number, { rows: number[]; outRows: number[]; at: number[] }>();
    const failed: number[] = [];
    keys.forEach((k, i) => {
      const hit = this.index.get(k);
      if (!hit) return failed.push(i);
      let g = bySeg.get(hit.seg);
      if (!g) bySeg.set(hit.seg, (g = { rows: [], outRows: [], at: [] }));
      g.rows.push(hit.row);
      g.outRows.push(outRows[i]);
      g.at.push(i);
    });
    for (const [s, g] of bySeg) {
      try {
        readSegmentRows(this.segments[s].file, this.segments[s].n, this.dim, g.rows, out, g.outRows);
      } catch {
        failed.push(...g.at);
      }
    }
    return failed;
  }

  /** Persist one batch (keys as 16-byte buffers, vectors row-major) as a new segment. */
  async add(keys: readonly Buffer[], vectors: Float32Array): Promise<void> {
    if (keys.length === 0) return;
    const file = await writeSegment(this.dir, keys, vectors, this.dim);
    this.register(file, keys.map((k) => k.toString('hex')));
  }

  private load(): void {
    for (const file of listSegments(this.dir)) {
      const seg = readSegmentIndex(file);
      if (seg && seg.dim === this.dim) this.register(file, seg.keys);
      // Segments appear by rename, whole: a damaged one is garbage (disk trouble), not in progress.
      else if (!seg) fs.rmSync(file, { force: true });
    }
  }

  private register(file: string, keys: readonly string[]): void {
    const seg = this.segments.push({ file, n: keys.length }) - 1;
    keys.forEach((k, row) => this.index.set(k, { seg, row }));
  }

  /** Rewrite every known vector into one segment, then delete the old files. */
  private async compact(): Promise<void> {
    const keys = [...this.index.keys()];
    const vectors = new Float32Array(keys.length * this.dim);
    const failed = this.read(keys, vectors, keys.map((_, i) => i));
    if (failed.length > 0) return; // another process is compacting: leave it to them
    const old = this.segments.map((s) => s.file);
    const file = await writeSegment(this.dir, keys.map((k) => Buffer.from(k, 'hex')), vectors, this.dim);
    for (const f of old) await fs.promises.rm(f, { force: true });
    this.segments.length = 0;
    this.index.clear();
    this.register(file, keys);
  }
}

function removeStaleTemps(dir: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.tmp')) continue;
    const f = path.join(dir, name);
    try {
      if (now - fs.statSync(f).mtimeMs > STALE_TMP_MS) fs.rmSync(f, { force: true });
    } catch {
      // already gone
    }
  }
}
