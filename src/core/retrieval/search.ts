import { throwIfAborted } from '../errors';
import type { Matrix } from '../vectors';
import type { KernelInput, ScoreKernel } from './kernel';
import { createOrtKernel, ortAvailable } from './ortKernel';
import { RequestedRanker, scoreBound } from './ranks';
import { createTsKernel } from './tsKernel';
import type { ResolvedBackend, RetrievalBackend, SearchOptions, SearchResult } from './types';

/**
 * Exact top-k cosine (dot-product) retrieval of every query row against every document row, with
 * the SPEC §1 order: score descending, lower document index first on ties. Optionally the exact
 * rank of requested documents and, per label, how many documents rank above each of them.
 * Rows are expected L2-normalised by the caller; the scores are plain dot products.
 */
export async function search(queries: Matrix, docs: Matrix, opts: SearchOptions): Promise<SearchResult> {
  validate(queries, docs, opts);
  const n = docs.rows;
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

  const input: KernelInput = { queries, docs, out: result, chunkRows: opts.chunkRows };
  const kernel: ScoreKernel = backend === 'ort' ? await createOrtKernel(input) : createTsKernel(input);
  const ranker = ranks ? new RequestedRanker(docLabels?.labels, docLabels?.count) : undefined;
  const maxDocNorm = ranker ? maxRowNorm(docs) : 0;
  const total = queries.rows;
  for (let first = 0; first < total; first += kernel.chunkRows) {
    throwIfAborted(opts.signal);
    const count = Math.min(kernel.chunkRows, total - first);
    const block = await kernel.run(first, count, ranker !== undefined);
    if (ranker && block && relevant && ranks) {
      for (let i = 0; i < count; i++) {
        const q = first + i;
        const hints = { bound: scoreBound(rowNorm(queries, q), maxDocNorm, docs.dim), kthScore: result.scores[(q + 1) * k - 1] };
        ranker.compute(block, i * n, n, relevant[q], ranks[q], above?.[q], hints);
      }
    }
    opts.onProgress?.({ phase: 'exact top-k search', done: first + count, total, unit: 'queries' });
    // The TypeScript kernel is synchronous: yield so that an abort (or anything else) can run.
    if (backend === 'ts') await new Promise<void>((r) => setImmediate(r));
  }
  throwIfAborted(opts.signal);
  return result;
}

/**
 * Every score of `queries` × `docs`, a block of query rows at a time (`block` is `count × docs.rows`,
 * valid only during the call): for callers that need all scores of a row but not a ranking, in
 * memory that does not grow with `queries.rows × docs.rows`.
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
  const out = { k: 1, indices: new Int32Array(queries.rows), scores: new Float32Array(queries.rows) };
  const input: KernelInput = { queries, docs, out };
  const kernel: ScoreKernel = backend === 'ort' ? await createOrtKernel(input) : createTsKernel(input);
  for (let first = 0; first < queries.rows; first += kernel.chunkRows) {
    throwIfAborted(opts.signal);
    const count = Math.min(kernel.chunkRows, queries.rows - first);
    onBlock(first, count, (await kernel.run(first, count, true))!);
    if (backend === 'ts') await new Promise<void>((r) => setImmediate(r));
  }
  return backend;
}

async function resolveBackend(choice: RetrievalBackend): Promise<ResolvedBackend> {
  if (choice === 'ts') return 'ts';
  if (await ortAvailable()) return 'ort';
  if (choice === 'ort') throw new Error('retrieval: onnxruntime-node is not available (backend "ort" was requested)');
  return 'ts';
}

function rowNorm(m: Matrix, i: number): number {
  let s = 0;
  for (let t = i * m.dim; t < (i + 1) * m.dim; t++) s += m.data[t] * m.data[t];
  return Math.sqrt(s);
}

function maxRowNorm(m: Matrix): number {
  let max = 0;
  for (let i = 0; i < m.rows; i++) max = Math.max(max, rowNorm(m, i));
  return max;
}

function validate(queries: Matrix, docs: Matrix, opts: SearchOptions): void {
  if (queries.rows > 0 && docs.rows > 0 && queries.dim !== docs.dim) {
    throw new RangeError(`search: query dimension ${queries.dim} ≠ document dimension ${docs.dim}`);
  }
  if (!Number.isInteger(opts.k) || opts.k < 1) throw new RangeError(`search: k must be a positive integer, got ${opts.k}`);
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
