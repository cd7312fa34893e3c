import { UserError } from '../../errors';

/** Shard `index` (0-based) of `count` equal slices of every pool. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** `--pool-shard i/n`: shard i (0 ≤ i < n) of n. */
export function parseShard(s: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && count >= 1 && index < count)) {
    throw new UserError(`--pool-shard must be i/n with 0 ≤ i < n (e.g. 0/4 … 3/4), not "${s}"`);
  }
  return { index, count };
}

/**
 * The pool positions `[lo, hi)` of a shard: consecutive slices in pool order, sizes differing by
 * at most one, so the shards of n cover the pool exactly once whatever its size.
 */
export function shardRange(poolSize: number, shard: ShardSpec): [number, number] {
  return [Math.floor((shard.index * poolSize) / shard.count), Math.floor(((shard.index + 1) * poolSize) / shard.count)];
}
