import { throwIfAborted } from '../errors';
import { isRowSource, matrixRows, type RowSource } from '../store/rowSource';
import type { Matrix } from '../vectors';
import { ChunkScan } from './fusedScan';
import { nativeAvailable, nativeScorer, nativeUnavailableReason } from './nativeScorer';
import { BLOCK, ortAvailable, ortScorer, tsScorer, type TileCount, type TileScorer } from './tileScorer';
import type { ResolvedBackend, RetrievalBackend, SearchOptions, SearchResult } from './types';

/** Scores per tile (mq × nt) by default: 16 MB, a few tens of ms of Gemm, stays in cache to be scanned. */
const TILE_FLOATS = 4 << 20;
/** Queries per chunk by default: large enough for an efficient Gemm, small enough for a tall tile. */
const CHUNK_QUERIES = 1024;

/**
 * Exact top-k cosine (dot-product) retrieval of every query row against every document row, with
 * the SPEC §1 order: score descending, lower document index first on ties. Optionally the exact
 * rank of requested documents and, per label, how many documents rank above each of them.
 * Rows are expected L2-normalised by the caller; the scores are plain dot products.
 *
 * The pool is streamed in tiles (bounded memory: two score tiles and two document tiles) and
 * every tile is scanned once for top-k, ranks and label counts. The native kernel scores the next
 * tile on its own threads while this thread scans the previous one, and counts ranks itself.
 * When the pool takes several tiles, a requested document's score is computed before the pass,
 * by the same kernel on a tile of the same shape (and the same session), and checked against the
 * score its own tile gives; a chunk whose thresholds
 * disagreed is scanned again with the scores its tiles gave, so ranks always count the very
 * scores the top-k was chosen from.
 */
export async function search(queries: Matrix, docs: Matrix | RowSource, opts: SearchOptions): Promise<SearchResult> {
  const pool = isRowSource(docs) ? docs : matrixRows(docs);
  validate(queries, pool, opts);
  const n = pool.rows;
  const d = pool.dim;
  const k = Math.min(opts.k, n);
  const backend = await resolveBackend(opts.backend ?? 'auto');
  const result: SearchResult = {
    k,
    indices: new Int32Array(queries.rows * k),
    scores: new Float32Array(queries.rows * k),
    backend,
  };
  const { relevant, docLabels } = opts;
  const ranks = relevant?.map((r) => new Int32Array(r.length));
  const above = docLabels ? relevant?.map((r) => new Int32Array(r.length * docLabels.count)) : undefined;
  if (ranks) result.relevantRanks = ranks;
  if (above) result.aboveByLabel = above;
  if (queries.rows === 0 || n === 0) return result;
  throwIfAborted(opts.signal);

  // onnxruntime-node takes no SharedArrayBuffer views: copy the (small) query matrix if needed.
  const qData = queries.data.buffer instanceof ArrayBuffer ? queries.data : new Float32Array(queries.data);
  const total = queries.rows;
  // A pool that fits one tile beside ≥ 256 queries is scored whole per chunk: its requested
  // documents' scores are then read from the tile itself (no threshold pass).
  const whole = opts.tileRows === undefined && n * 256 <= TILE_FLOATS;
  const chunkRows = Math.min(total, opts.chunkRows ?? (whole ? Math.min(CHUNK_QUERIES, Math.floor(TILE_FLOATS / n)) : CHUNK_QUERIES));
  const tileRows = whole ? n : Math.min(n, opts.tileRows ?? Math.max(256, Math.floor(TILE_FLOATS / chunkRows / BLOCK) * BLOCK));
  const tiles = Math.ceil(n / tileRows);
  // Two slots: the kernel fills one while this thread scans the other.
  const slot = (): ScoreSlot => ({
    tile: new Float32Array(tileRows * d),
    S: new Float32Array(chunkRows * tileRows),
    blockMax: new Float32Array(chunkRows * Math.ceil(tileRows / BLOCK)),
    maxed: false,
  });
  const slots = [slot(), slot()];
  const scan = new ChunkScan(k, chunkRows, docLabels?.labels, docLabels?.count);
  const kernel = await openKernel(backend, qData, d);
  result.overlapped = kernel.overlapped;
  // A kernel that counts ranks itself does so wherever the thresholds are known before the tiles.
  const counting = kernel.counts && relevant !== undefined && tiles > 1;

  try {
    for (let first = 0; first < total; first += chunkRows) {
      const mq = Math.min(chunkRows, total - first);
      const req = relevant?.slice(first, first + mq);
      const issue = (t: number, into: ScoreSlot): Promise<ScoreSlot> => {
        const j0 = t * tileRows;
        const nt = Math.min(tileRows, n - j0);
        const count = counting ? scan.tileCount(j0) : undefined;
        // A float16 pool goes to a kernel that widens it itself as it is (half the bytes moved).
        if (kernel.halves && pool.readF16) return kernel.score(first, mq, pool.readF16(j0, nt, (into.half ??= new Uint16Array(tileRows * d))), into, nt, count);
        return kernel.score(first, mq, pool.read(j0, nt, into.tile), into, nt, count);
      };
      let thr = req && tiles > 1 ? await thresholds(kernel, first, mq, d, pool, req, tileRows, slots) : undefined;
      for (let attempt = 0; ; attempt++) {
        scan.reset(mq, req, thr);
        let next: Promise<ScoreSlot> | undefined = issue(0, slots[0]);
        let idle = slots[1];
        try {
          for (let t = 0; t < tiles; t++) {
            const cur: ScoreSlot = await next!;
            next = t + 1 < tiles ? issue(t + 1, idle) : undefined;
            throwIfAborted(opts.signal);
            const nt = Math.min(tileRows, n - t * tileRows);
            if (tiles === 1 && req) scan.reset(mq, req, (thr = req.map((r, i) => Float32Array.from(r, (j) => cur.S[i * nt + j]))));
            scan.scanTile(cur.S, nt, t * tileRows, cur.maxed ? cur.blockMax : undefined, counting);
            if (next) idle = cur;
            else [slots[0], slots[1]] = [cur, idle];
            opts.onProgress?.({ phase: 'exact top-k search', done: first + Math.floor((mq * (t + 1)) / tiles), total, unit: 'queries' });
            // The TypeScript kernel is synchronous: yield so that an abort (or anything else) can run.
            if (backend === 'ts') await new Promise<void>((r) => setImmediate(r));
          }
        } catch (e) {
          // A tile still in flight must not reject unobserved.
          next?.catch(() => undefined);
          throw e;
        }
        if (!req || scan.mismatches() === 0) break;
        // A score computed apart differed from its tile's (a kernel whose arithmetic depends on
        // the call's shape): the pass is deterministic, so its own scores are right the second time.
        if (attempt === 1) throw new Error(`retrieval: the ${backend} kernel gave different scores for the same pair on two identical passes`);
        thr = scan.observedScores();
        result.rescannedChunks = (result.rescannedChunks ?? 0) + 1;
      }
      scan.finish(result, first, ranks?.slice(first, first + mq), above?.slice(first, first + mq));
    }
  } finally {
    await kernel.close();
  }
  throwIfAborted(opts.signal);
  return result;
}

/**
 * Every score of `queries` × `docs`, a block of query rows at a time (`block` is `count × docs.rows`,
 * valid only during the call): for callers that need all scores of a row but not a ranking, in
 * memory that does not grow with `queries.rows × docs.rows`. `docs` is scored as one tile (its
 * callers pass small matrices, e.g. one centroid per language).
 */
export async function scoreBlocks(
  queries: Matrix,
  docs: Matrix,
  opts: { backend?: RetrievalBackend; signal?: AbortSignal },
  onBlock: (first: number, count: number, block: Float32Array) => void,
): Promise<ResolvedBackend> {
  if (queries.rows > 0 && docs.rows > 0 && queries.dim !== docs.dim) {
    throw new RangeError(`scoreBlocks: query dimension ${queries.dim} ≠ document dimension ${docs.dim}`);
  }
  const backend = await resolveBackend(opts.backend ?? 'auto');
  if (queries.rows === 0 || docs.rows === 0) return backend;
  const scorer = await scorerFor(backend);
  // onnxruntime-node takes no SharedArrayBuffer views: copy if needed (see search()).
  const qData = queries.data.buffer instanceof ArrayBuffer ? queries.data : new Float32Array(queries.data);
  const tile = docs.data.buffer instanceof ArrayBuffer ? docs.data : new Float32Array(docs.data);
  // At most CHUNK_QUERIES rows a call: a kernel that packs its query rows (native) then packs a
  // few MB per call, not a copy of every row at once (500k rows × 2 centroids in LangSeparability).
  const blockRows = Math.max(1, Math.min(queries.rows, CHUNK_QUERIES, Math.floor(TILE_FLOATS / docs.rows)));
  const out = new Float32Array(blockRows * docs.rows);
  try {
    for (let first = 0; first < queries.rows; first += blockRows) {
      throwIfAborted(opts.signal);
      const count = Math.min(blockRows, queries.rows - first);
      const block = out.subarray(0, count * docs.rows);
      await scorer.score(qData, first, count, tile, docs.rows, docs.dim, block);
      onBlock(first, count, block);
      if (backend === 'ts') await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    scorer.release?.();
  }
  return backend;
}

/**
 * The score of each requested document for queries `[first, first + mq)`: the distinct documents
 * are gathered into tiles of the pass's own shape (zero rows pad the rest) and scored by the
 * same kernel, so the same arithmetic produces them. Uses (and may replace) `slots[0]`.
 */
async function thresholds(
  kernel: Kernel,
  first: number,
  mq: number,
  d: number,
  pool: RowSource,
  req: ReadonlyArray<Int32Array>,
  tileRows: number,
  slots: ScoreSlot[],
): Promise<Float32Array[]> {
  const column = new Map<number, number>();
  for (const r of req) for (const j of r) if (!column.has(j)) column.set(j, column.size);
  const docs = [...column.keys()];
  const out = req.map((r) => new Float32Array(r.length));
  const nt = Math.min(tileRows, pool.rows);
  const row = new Float32Array(d);
  for (let c0 = 0; c0 < docs.length; c0 += nt) {
    const gathered = slots[0].tile.subarray(0, nt * d);
    gathered.fill(0);
    for (let c = c0; c < Math.min(docs.length, c0 + nt); c++) gathered.set(pool.read(docs[c], 1, row), (c - c0) * d);
    const res = (slots[0] = await kernel.score(first, mq, gathered, slots[0], nt));
    req.forEach((r, i) =>
      r.forEach((j, p) => {
        const c = column.get(j)! - c0;
        if (c >= 0 && c < nt) out[i][p] = res.S[i * nt + c];
      }),
    );
  }
  return out;
}

/** One tile's buffers: documents in (`tile`, or `half` for a kernel that widens float16 itself), scores (`S`) and block maxima out. */
interface ScoreSlot {
  tile: Float32Array;
  half?: Uint16Array;
  S: Float32Array;
  blockMax: Float32Array;
  /** Whether `blockMax` was filled by the last scoring. */
  maxed: boolean;
}

/** Where a search's tiles are scored: `score` fills `into` and returns it. */
interface Kernel {
  /** True when tiles are scored on another thread while this one scans. */
  readonly overlapped: boolean;
  /** True when `score` also counts ranks (`count`, see TileCount). */
  readonly counts: boolean;
  /** True when `score` takes float16 tiles (binary16 bit patterns). */
  readonly halves: boolean;
  score(first: number, mq: number, docs: Float32Array | Uint16Array, into: ScoreSlot, nt: number, count?: TileCount): Promise<ScoreSlot>;
  close(): Promise<void>;
}

/** The search's kernel: the native one scores on its own threads while this one scans the previous tile. */
async function openKernel(backend: ResolvedBackend, qData: Float32Array, d: number): Promise<Kernel> {
  const scorer = await scorerFor(backend);
  return {
    // The native kernel scores on its own threads while this one scans.
    overlapped: backend === 'native',
    counts: scorer.counts === true,
    halves: scorer.scoreF16 !== undefined,
    async score(first, mq, docs, into, nt, count) {
      if (docs instanceof Float32Array) into.maxed = await scorer.score(qData, first, mq, docs, nt, d, into.S, into.blockMax, count);
      else if (scorer.scoreF16) into.maxed = await scorer.scoreF16(qData, first, mq, docs, nt, d, into.S, into.blockMax, count);
      else throw new TypeError(`the ${scorer.backend} kernel takes float32 tiles`);
      return into;
    },
    close: async () => scorer.release?.(),
  };
}

/** A scorer for one search (the native one keeps the search's packed queries). */
async function scorerFor(backend: ResolvedBackend): Promise<TileScorer> {
  if (backend === 'native') return nativeScorer();
  return backend === 'ort' ? ortScorer() : tsScorer;
}

async function resolveBackend(choice: RetrievalBackend): Promise<ResolvedBackend> {
  if (choice === 'ts') return 'ts';
  if (choice === 'native' || choice === 'auto') {
    if (nativeAvailable()) return 'native';
    if (choice === 'native') throw new Error(`retrieval: backend "native" was requested but ${nativeUnavailableReason()}`);
  }
  if (await ortAvailable()) return 'ort';
  if (choice === 'ort') throw new Error('retrieval: onnxruntime-node is not available (backend "ort" was requested)');
  return 'ts';
}

function validate(queries: Matrix, docs: RowSource, opts: SearchOptions): void {
  if (queries.rows > 0 && docs.rows > 0 && queries.dim !== docs.dim) {
    throw new RangeError(`search: query dimension ${queries.dim} ≠ document dimension ${docs.dim}`);
  }
  if (!Number.isInteger(opts.k) || opts.k < 1) throw new RangeError(`search: k must be a positive integer, got ${opts.k}`);
  for (const [name, v] of [['chunkRows', opts.chunkRows], ['tileRows', opts.tileRows]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new RangeError(`search: ${name} must be a positive integer, got ${v}`);
  }
  const { relevant, docLabels } = opts;
  if (relevant) {
    if (relevant.length !== queries.rows) {
      throw new RangeError(`search: ${relevant.length} relevant lists for ${queries.rows} queries`);
    }
    for (const r of relevant) {
      for (const j of r) if (!(j >= 0 && j < docs.rows)) throw new RangeError(`search: requested document ${j} outside the pool of ${docs.rows}`);
    }
  }
  if (docLabels) {
    if (docLabels.labels.length !== docs.rows) {
      throw new RangeError(`search: ${docLabels.labels.length} labels for ${docs.rows} documents`);
    }
    for (const l of docLabels.labels) if (l >= docLabels.count) throw new RangeError(`search: label ${l} ≥ label count ${docLabels.count}`);
  }
}
