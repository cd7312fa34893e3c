/**
 * Batching by a token budget: sequences sorted by length, each batch as many as fit in
 * `budget` padded tokens (rows × longest), so padding stays small and a batch of long
 * paragraphs costs about as much as a batch of short questions. A sequence longer than the
 * budget gets a batch of its own.
 */
export interface TokenBatch {
  /** Positions (into the `lengths` given) in this batch, shortest first. */
  items: number[];
  /** Padded length: the longest sequence of the batch. */
  length: number;
}

export interface BatchLimits {
  /** Padded tokens per batch (rows × longest). */
  budget: number;
  /** Cap on rows per batch, however short they are. */
  maxRows?: number;
}

export function planBatches(lengths: ArrayLike<number>, limits: BatchLimits): TokenBatch[] {
  const { budget } = limits;
  const maxRows = limits.maxRows ?? Infinity;
  if (!(budget >= 1)) throw new Error(`planBatches: bad budget ${budget}`);
  const order = Array.from({ length: lengths.length }, (_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const batches: TokenBatch[] = [];
  let cur: TokenBatch | undefined;
  for (const i of order) {
    const len = lengths[i];
    // Sorted ascending: adding i makes it the longest of the batch.
    if (cur && cur.items.length < maxRows && (cur.items.length + 1) * len <= budget) {
      cur.items.push(i);
      cur.length = len;
    } else {
      cur = { items: [i], length: len };
      batches.push(cur);
    }
  }
  return batches;
}

/** Distinct strings in first-seen order, and for each input the position of its string. */
export function dedupe(texts: readonly string[]): { unique: string[]; of: Int32Array } {
  const at = new Map<string, number>();
  const unique: string[] = [];
  const of = new Int32Array(texts.length);
  texts.forEach((t, i) => {
    let u = at.get(t);
    if (u === undefined) {
      u = unique.push(t) - 1;
      at.set(t, u);
    }
    of[i] = u;
  });
  return { unique, of };
}
