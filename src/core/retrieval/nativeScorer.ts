import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TileCount, TileScorer } from './tileScorer';

/**
 * The native scoring kernel (native/*.cc, built by scripts/build-native.mjs into
 * dist/native/xlens_gemm.node): an AVX-512/AVX2 sgemm blocked for XLens's tile shape, every core,
 * off the JavaScript thread. Each score is one chain of fused multiply-adds in ascending
 * dimension, so it depends only on the two vectors (not on the call's shape or ISA path). Where
 * the file is absent (another platform, no compiler at build time) or the CPU lacks AVX2 + FMA,
 * `nativeAvailable()` is false and searches use onnxruntime.
 */
interface Addon {
  /** The path in use: 2 = AVX-512F, 1 = AVX2 + FMA, 0 = unusable; level(n) lowers it to min(n, the CPU's). */
  level(force?: number): number;
  queries(Q: Float32Array, mq: number, d: number): object;
  /** Frees the packing of queries() now (or when its calls in flight end). */
  release(queries: object): void;
  score(queries: object, T: Float32Array | Uint16Array, S: Float32Array, blockMax: Float32Array | null, nt: number, threads: number, count?: TileCount): Promise<void>;
}

const FILE = 'xlens_gemm.node';
let loaded: { addon?: Addon; why?: string } | undefined;

/** Where the addon may be: beside the bundle (dist/native), or dist/native of the checkout when running from sources. */
function candidates(): string[] {
  const own = process.env.XLENS_NATIVE_GEMM;
  if (own !== undefined) return own === '' || own === 'off' ? [] : [own];
  return [path.join(__dirname, 'native', FILE), path.join(__dirname, '..', '..', '..', 'dist', 'native', FILE)];
}

function load(): { addon?: Addon; why?: string } {
  if (loaded) return loaded;
  const file = candidates().find((f) => existsSync(f));
  if (!file) return (loaded = { why: 'the native kernel is not built for this platform (dist/native/xlens_gemm.node)' });
  try {
    const addon = createRequire(__filename)(file) as Addon;
    const level = addon.level();
    loaded = level > 0 ? { addon } : { why: 'this CPU has neither AVX-512F nor AVX2 with FMA' };
  } catch (e) {
    loaded = { why: `the native kernel did not load: ${(e as Error).message.split('\n')[0]}` };
  }
  return loaded;
}

/** Whether the native kernel can run here. */
export function nativeAvailable(): boolean {
  return load().addon !== undefined;
}

/** Why the native kernel cannot run here (undefined when it can). */
export function nativeUnavailableReason(): string | undefined {
  return load().why;
}

/** The instruction set the kernel runs with here, for reports and benches. */
export function nativeIsa(): 'avx512' | 'avx2' | undefined {
  const addon = load().addon;
  return addon ? (addon.level() === 2 ? 'avx512' : 'avx2') : undefined;
}

/** Tests only: runs the kernel on the AVX2 path (`'avx2'`) or the best the CPU has (`'best'`); returns the path now in use. */
export function useNativeIsa(isa: 'avx2' | 'best'): 'avx512' | 'avx2' | undefined {
  load().addon?.level(isa === 'avx2' ? 1 : 2);
  return nativeIsa();
}

/**
 * A native scorer for one search: the query rows of the last (queries, first, mq) are packed once
 * and reused for every tile scored against them (a search scores a chunk against all its tiles).
 * Make one per search; the queries must not change while it is in use.
 */
export function nativeScorer(): TileScorer {
  const addon = load().addon;
  if (!addon) throw new Error(`retrieval: ${load().why}`);
  const threads = os.availableParallelism();
  let last: { queries: Float32Array; first: number; mq: number; dim: number; packed: object } | undefined;
  const score = async (queries: Float32Array, first: number, mq: number, tile: Float32Array | Uint16Array, nt: number, dim: number, out: Float32Array, blockMax?: Float32Array, count?: TileCount) => {
    if (!last || last.queries !== queries || last.first !== first || last.mq !== mq || last.dim !== dim) {
      if (last) addon.release(last.packed);
      last = { queries, first, mq, dim, packed: addon.queries(queries.subarray(first * dim, (first + mq) * dim), mq, dim) };
    }
    const withMax = blockMax !== undefined;
    await addon.score(last.packed, tile, out, withMax ? blockMax : null, nt, threads, count);
    return withMax;
  };
  const release = () => {
    if (last) addon.release(last.packed);
    last = undefined;
  };
  return { backend: 'native', counts: true, score, scoreF16: score, release };
}
