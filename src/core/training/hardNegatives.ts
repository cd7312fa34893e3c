import { throwIfAborted, UserError } from '../errors';
import { rng } from '../metrics/stats';
import type { TaskOptions } from '../progress';
import { search } from '../retrieval';
import { type Matrix, selectRows } from '../vectors';
import type { HardNegatives, TrainingSet } from './trainingSet';

/**
 * Hard negatives mined with the base model (as in CLEAR's data): for each example, candidates
 * ranked within a window (default 50–100, 1-based, inclusive) by the base embeddings, never of
 * the example's own passage group; `count` of them drawn at random (seeded).
 *  - passages: q_en against the training English passages of that language's examples;
 *  - target questions (CLEAR's reverse side): for each mined passage, one of its own
 *    target-language questions (seeded), so that negative t of an example names the same
 *    passage on both sides. CLEAR's KL compares S_fwd and S_rev column by column (SPEC §5):
 *    column j must be one example in both, which independently mined questions would break.
 * When a pool is smaller than the window's end the window slides down to the last ranks
 * (keeping its width, never above rank 2); when it holds too few candidates the rest are drawn
 * from the whole pool. Scores use the TypeScript kernel so mining does not depend on whether
 * onnxruntime loads (the same data and seed mine the same negatives everywhere).
 */
export interface MiningOptions extends TaskOptions {
  count: number;
  window: [number, number];
  seed: number;
}

export async function mineHardNegatives(set: TrainingSet, base: Matrix, opts: MiningOptions): Promise<HardNegatives> {
  const { count } = opts;
  const [lo, hi] = opts.window;
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && hi >= lo)) throw new UserError(`bad hard-negative window ${lo}-${hi}: expected FROM-TO ranks, 1 ≤ FROM ≤ TO`);
  const E = set.examples.length;
  const out: HardNegatives = { count, window: [lo, hi], groups: new Int32Array(E * count), queries: new Int32Array(E * count), queryGroups: new Int32Array(E * count) };
  if (count === 0) return out;
  for (const [li, lang] of set.langs.entries()) {
    throwIfAborted(opts.signal);
    opts.onProgress?.({ phase: `mining hard negatives (${lang})`, done: li, total: set.langs.length, unit: 'items' });
    const next = rng((opts.seed ^ 0x4a7d ^ (li * 0x9e37)) >>> 0);
    const mine = set.examples.map((ex, e) => ({ ex, e })).filter(({ ex }) => ex.lang === lang);

    // Passages: q_en → English passages of the groups this language trains on.
    const groups = [...new Set(mine.map(({ ex }) => ex.group))];
    const passagePicks = await pick(base, mine.map(({ ex }) => ex.qEn), groups.map((g) => set.groupTexts[g][set.pivot]), groups, mine.map(({ ex }) => ex.group), opts, next, 'passages');
    // Target questions of each group in this language (distinct texts, in example order).
    const questionsOf = new Map<number, number[]>();
    for (const { ex } of mine) {
      const list = questionsOf.get(ex.group);
      if (!list) questionsOf.set(ex.group, [ex.qL]);
      else if (!list.includes(ex.qL)) list.push(ex.qL);
    }

    mine.forEach(({ e }, i) => {
      for (let t = 0; t < count; t++) {
        const g = groups[passagePicks[i][t]];
        const qs = questionsOf.get(g)!;
        out.groups[e * count + t] = g;
        out.queries[e * count + t] = qs.length === 1 ? qs[0] : qs[Math.floor(next() * qs.length)];
        out.queryGroups[e * count + t] = g;
      }
    });
  }
  return out;
}

/** For each query, `count` pool positions in the rank window whose group differs from its own. */
async function pick(
  base: Matrix,
  queryTexts: number[],
  poolTexts: number[],
  poolGroups: number[],
  ownGroups: number[],
  opts: MiningOptions,
  next: () => number,
  what: string,
): Promise<number[][]> {
  const N = poolTexts.length;
  const [lo0, hi0] = opts.window;
  const hi = Math.min(hi0, N);
  const lo = hi0 <= N ? lo0 : Math.max(2, hi - (hi0 - lo0));
  if (new Set(poolGroups).size < 2) throw new UserError(`hard negatives need at least two different passages among the training ${what}`);
  const res = await search(selectRows(base, queryTexts), selectRows(base, poolTexts), { k: hi, backend: 'ts', signal: opts.signal });
  return queryTexts.map((_, i) => {
    const window: number[] = [];
    for (let r = lo; r <= hi; r++) {
      const p = res.indices[i * res.k + r - 1];
      if (poolGroups[p] !== ownGroups[i]) window.push(p);
    }
    const chosen: number[] = [];
    while (chosen.length < opts.count) {
      if (window.length > 0) {
        chosen.push(window.splice(Math.floor(next() * window.length), 1)[0]);
      } else {
        const p = Math.floor(next() * N);
        if (poolGroups[p] !== ownGroups[i]) chosen.push(p);
      }
    }
    return chosen;
  });
}
