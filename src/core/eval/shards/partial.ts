import type { Report } from '../../report/schema';
import type { ShardSpec } from './shardSpec';

export const PARTIAL_FORMAT = 'xlens-partial';
export const PARTIAL_VERSION = 1;

/**
 * What one shard of a pool contributes to an evaluation (`xlens eval --pool-shard i/n --partial`),
 * per task and query. Pool positions are global (the unsharded pool's order); a document j ranks
 * above a relevant document r when s_j > s_r, or s_j == s_r and j < r (SPEC §1), so the counts of
 * the shards add up to the exact rank whichever shard holds r.
 */
export interface PartialReport {
  format: typeof PARTIAL_FORMAT;
  version: number;
  shard: ShardSpec;
  /** The eval invocation without the shard flags (and the folder it ran in): the merge reloads the same corpus with it. */
  eval: { argv: string[]; cwd: string };
  corpusFingerprint: string;
  model: Report['model'];
  /** The kernel that scored (`ts` or `ort`). */
  backend: string;
  /** Top-k depth kept per query: max(topN, k). */
  k: number;
  tasks: PartialTask[];
  /** Seconds per phase on this shard. */
  timings: Record<string, number>;
}

export interface PartialTask {
  id: string;
  poolSize: number;
  /** This shard's pool positions `[lo, hi)`. */
  range: [number, number];
  /** Per query of the task, in task order. */
  queries: PartialQuery[];
}

export interface PartialQuery {
  /** The shard's best min(k, shard size) documents, best first: global pool positions and their scores. */
  top: { pos: number[]; score: number[] };
  /**
   * Per relevant document (task order): its score as this shard computed it (every shard must
   * agree) and, per pool language, how many of this shard's documents rank above it.
   */
  relevant: Array<{ score: number; above: number[] }>;
}
