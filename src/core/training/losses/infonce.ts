import { UserError } from '../../errors';
import type { Batch } from '../batch';
import type { Kernels, Mat } from '../kernels';
import { concat, Logits, type LossFn, multiPositiveCE } from './common';

/**
 * InfoNCE / MNRL (SPEC §5). Queries (q_en or q_L of each example) are scored against the batch's
 * shared candidates: every distinct in-batch passage plus the hard negatives, in the pools a
 * direction names. `L>L` is q_L against target-language passages, `L>en` q_L against English
 * ones, `L>L+en` q_L against both (the `bilingual` setting: both translations of the passage are
 * positives, the multi-positive form). The loss is the mean over directions of the batch mean.
 */
export type Side = 'en' | 'L';

export interface Direction {
  from: Side;
  to: Side[];
}

/** The default: both query languages against the mixed pool, what bilingual Max@R measures. */
export const DEFAULT_DIRECTIONS: Direction[] = parseDirections('L>L+en,en>L+en');

/** `"L>L+en,en>L"` → directions; `en` stands for the pivot language. */
export function parseDirections(s: string): Direction[] {
  const side = (x: string, whole: string): Side => {
    if (x === 'en' || x === 'L') return x;
    throw new UserError(`bad direction "${whole}": sides are "L" (target language) and "en" (pivot), e.g. L>L+en,en>L`);
  };
  const out = s.split(',').map((part) => {
    const [from, to, extra] = part.trim().split('>');
    if (!from || !to || extra !== undefined) throw new UserError(`bad direction "${part}": expected QUERY>POOL, e.g. L>en or L>L+en`);
    const pools = [...new Set(to.split('+').map((x) => side(x.trim(), part)))];
    return { from: side(from.trim(), part), to: pools };
  });
  if (out.length === 0) throw new UserError('no InfoNCE direction given');
  return out;
}

export function formatDirections(ds: readonly Direction[]): string {
  return ds.map((d) => `${d.from}>${d.to.join('+')}`).join(',');
}

/**
 * Scores of `[q_en (B) ; q_L (B)]` against `[candidates in en (P) , candidates in L (P)]`: the
 * one matrix InfoNCE, JSD and MIMO's stage 2 read from.
 */
export function queryCandidateLogits(K: Kernels, Y: Mat, b: Batch, scale: number): Logits {
  return new Logits(K, Y, concat(b.qEn, b.qL), concat(b.cand.en, b.cand.L), concat(b.group, b.group), concat(b.cand.group, b.cand.group), scale);
}

/** Adds the InfoNCE gradient (× weight) into `L.dS`; returns the loss. */
export function infoNCEOn(L: Logits, b: Batch, directions: readonly Direction[], weight: number): number {
  const B = b.size;
  const P = b.cand.group.length;
  let total = 0;
  for (const dir of directions) {
    const rows = Array.from({ length: B }, (_, i) => (dir.from === 'en' ? i : B + i));
    const allowed = Array.from({ length: 2 * P }, (_, j) => dir.to.includes(j < P ? 'en' : 'L'));
    total += multiPositiveCE(L, rows, allowed, weight / directions.length);
  }
  return total / directions.length;
}

export interface InfoNCEConfig {
  scale: number;
  directions: Direction[];
}

export function infonceLoss(cfg: InfoNCEConfig): LossFn {
  return ({ K, Y, dY, batch }) => {
    const L = queryCandidateLogits(K, Y, batch, cfg.scale);
    const nce = infoNCEOn(L, batch, cfg.directions, 1);
    L.backward(dY);
    return { total: nce, components: { infonce: nce } };
  };
}
