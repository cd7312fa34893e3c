import { addRowGrad, concat, kl, Logits, type LossFn, multiPositiveCE } from './common';

/**
 * CLEAR's reverse training (SPEC §5, following the authors' released code). With B examples and
 * n hard negatives each:
 *  - forward  `S_fwd[i,j] = γ cos(q_en_i, C_fwd[j])`, C_fwd = [p_en of every example | hard-negative
 *    English passages] (B + B·n columns);
 *  - reverse  `S_rev[i,j] = γ cos(p_en_i, C_rev[j])`, C_rev = [q_L of every example | hard-negative
 *    target questions]: the English passage is the bridge to the target language.
 *  `L = (1−α−β)·CE(S_fwd) + α·CE(S_rev) + β·KL(softmax S_rev ‖ softmax S_fwd)`, batch means,
 *  gradients through both sides of the KL. Column j of both matrices stands for example j, so
 *  the KL compares each row's two distributions column by column: the hard-negative columns too,
 *  because mining takes the target questions of the mined negative passages (hardNegatives.ts),
 *  so `hard.enGroup` and `hard.qLGroup` are equal index for index. Softmaxes are row-wise (over
 *  candidates, as in the cross-entropies). Positives are by passage group, so a column repeating
 *  the row's passage (two questions on one passage in a batch) counts as positive, not negative.
 */
export interface ClearConfig {
  scale: number;
  /** Weight of the reverse cross-entropy (default 0.4). */
  alpha: number;
  /** Weight of the KL term (default 0.2). */
  beta: number;
}

export function clearLoss(cfg: ClearConfig): LossFn {
  const { alpha, beta } = cfg;
  return ({ K, Y, dY, batch: b }) => {
    const fwd = new Logits(K, Y, b.qEn, concat(b.pEn, b.hard.en), b.group, concat(b.group, b.hard.enGroup), cfg.scale);
    const rev = new Logits(K, Y, b.pEn, concat(b.qL, b.hard.qL), b.group, concat(b.group, b.hard.qLGroup), cfg.scale);
    const rows = Array.from({ length: b.size }, (_, i) => i);
    const ceF = multiPositiveCE(fwd, rows, undefined, 1 - alpha - beta);
    const ceR = multiPositiveCE(rev, rows, undefined, alpha);
    let div = 0;
    for (let i = 0; i < b.size; i++) {
      const dRev = new Float64Array(rev.n);
      const dFwd = new Float64Array(fwd.n);
      div += kl(rev.row(i), fwd.row(i), dRev, dFwd, beta / b.size);
      addRowGrad(rev, i, dRev);
      addRowGrad(fwd, i, dFwd);
    }
    div /= b.size;
    fwd.backward(dY);
    rev.backward(dY);
    return {
      total: (1 - alpha - beta) * ceF + alpha * ceR + beta * div,
      components: { forward: ceF, reverse: ceR, kl: div },
    };
  };
}
