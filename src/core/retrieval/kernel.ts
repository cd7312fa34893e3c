import type { Matrix } from '../vectors';
import type { ResolvedBackend, TopK } from './types';

/**
 * Scores one block of queries against the whole pool. Built per search over fixed
 * queries/docs and an output `TopK` (k already clamped, 1 ≤ k ≤ docs.rows).
 */
export interface ScoreKernel {
  readonly backend: ResolvedBackend;
  /** Preferred number of queries per `run`. */
  readonly chunkRows: number;
  /**
   * Scores queries `[first, first + count)`: writes their top-k into the output at row `first`
   * and, when `wantScores`, returns the `count × docs.rows` score block (valid until the next run).
   */
  run(first: number, count: number, wantScores: boolean): Promise<Float32Array | undefined>;
}

export interface KernelInput {
  queries: Matrix;
  docs: Matrix;
  out: TopK;
  /** Overrides the kernel's preferred chunk size. */
  chunkRows?: number;
}

/** Queries per chunk so that a chunk's score block holds about `floats` numbers. */
export function chunkFor(docRows: number, floats: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(floats / Math.max(1, docRows))));
}
