import { addRowGrad, jsd, type LossFn } from './common';
import { type Direction, infoNCEOn, queryCandidateLogits } from './infonce';

/**
 * JSD + InfoNCE (English-inclination paper; SPEC §5): `L = L_NCE + λ L_JSD` over the shared
 * candidate set C (every in-batch passage and hard negative, in both languages).
 *
 * - `distribution` (default): for each example, P_en = softmax(γ s(q_en, C)) and
 *   P_L = softmax(γ s(q_L, C)); L_JSD is the mean over examples of JSD(P_en, P_L). The paper's
 *   exact distributions are not public; this reading is stated in reports.
 * - `parallel-doc`: for every query q (English and target), JSD between P_q and the same
 *   distribution with each passage's mass swapped with its translation's; zero exactly when
 *   every query scores a passage and its translation alike (what Max@R measures).
 */
export type JsdMode = 'distribution' | 'parallel-doc';
export const JSD_MODES: readonly JsdMode[] = ['distribution', 'parallel-doc'];

export interface JsdConfig {
  scale: number;
  directions: Direction[];
  /** λ, the weight of L_JSD (default 1). */
  lambda: number;
  mode: JsdMode;
}

export function jsdLoss(cfg: JsdConfig): LossFn {
  return ({ K, Y, dY, batch }) => {
    const L = queryCandidateLogits(K, Y, batch, cfg.scale);
    const nce = infoNCEOn(L, batch, cfg.directions, 1);
    const B = batch.size;
    const n = L.n;
    const P = n / 2;
    let div = 0;
    if (cfg.mode === 'distribution') {
      for (let i = 0; i < B; i++) {
        const da = new Float64Array(n);
        const db = new Float64Array(n);
        div += jsd(L.row(i), L.row(B + i), da, db, cfg.lambda / B);
        addRowGrad(L, i, da);
        addRowGrad(L, B + i, db);
      }
      div /= B;
    } else {
      // Columns are [en candidates | L candidates] in the same group order: j ↔ j ± P translate.
      const swap = (j: number) => (j < P ? j + P : j - P);
      for (let i = 0; i < 2 * B; i++) {
        const a = L.row(i);
        const swapped = Float64Array.from({ length: n }, (_, j) => a[swap(j)]);
        const da = new Float64Array(n);
        const ds = new Float64Array(n);
        div += jsd(a, swapped, da, ds, cfg.lambda / (2 * B));
        for (let j = 0; j < n; j++) da[swap(j)] += ds[j];
        addRowGrad(L, i, da);
      }
      div /= 2 * B;
    }
    L.backward(dY);
    return { total: nce + cfg.lambda * div, components: { infonce: nce, jsd: div } };
  };
}
