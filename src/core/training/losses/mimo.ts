import type { Batch } from '../batch';
import type { Mat } from '../kernels';
import type { LossFn } from './common';
import { type Direction, infoNCEOn, queryCandidateLogits } from './infonce';

/**
 * MIMO (SPEC §5), two stages over a fixed English teacher space t:
 *  - stage 1: `L_KD = MSE(A(e(x_en)), t(x_en)) + MSE(A(e(x_L)), t(x_en))`;
 *  - stage 2: `L = L_KD + λ · InfoNCE(cross-lingual directions)`.
 * The pairs x are each example's question and each distinct in-batch passage. MSE here is the
 * squared distance summed over dimensions and averaged over pairs (d × the element-wise mean), so
 * its scale does not shrink with d and λ = 1 balances it with InfoNCE. The teacher is the frozen
 * base model's own English embeddings unless a teacher encoder is given (same dimension).
 * The trainer runs stage 1 for the first `stage1Fraction` of the steps, then stage 2.
 */
export interface MimoConfig {
  scale: number;
  directions: Direction[];
  lambda: number;
  /** Share of the training steps spent in stage 1 (default 0.5). */
  stage1Fraction: number;
}

/** Cross-lingual pairs: target queries against English passages and back. */
export const MIMO_DIRECTIONS: Direction[] = [
  { from: 'L', to: ['en'] },
  { from: 'en', to: ['L'] },
];

export function mimoLoss(cfg: MimoConfig): LossFn {
  return ({ K, Y, dY, batch, stage }) => {
    const kdEn = distill(Y, dY, batch, 'en');
    const kdL = distill(Y, dY, batch, 'L');
    const components: Record<string, number> = { 'kd.en': kdEn, 'kd.L': kdL };
    let total = kdEn + kdL;
    if (stage !== 1) {
      const L = queryCandidateLogits(K, Y, batch, cfg.scale);
      const nce = infoNCEOn(L, batch, cfg.directions, cfg.lambda);
      L.backward(dY);
      components.infonce = nce;
      total += cfg.lambda * nce;
    }
    return { total, components };
  };
}

/** Mean over pairs of ‖y − t‖²; adds its gradient 2(y − t)/N into dY. */
function distill(Y: Mat, dY: Mat, b: Batch, side: 'en' | 'L'): number {
  if (!b.kd) throw new Error('MIMO needs teacher vectors in the batch');
  const rows = side === 'en' ? b.kd.en : b.kd.L;
  const T = b.kd.targets;
  const d = Y.cols;
  const N = rows.length;
  let total = 0;
  for (let i = 0; i < N; i++) {
    const o = rows[i] * d;
    for (let t = 0; t < d; t++) {
      const diff = Y.data[o + t] - T.data[i * d + t];
      total += diff * diff;
      dY.data[o + t] += (2 * diff) / N;
    }
  }
  return total / N;
}
