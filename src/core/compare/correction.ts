/**
 * Multiple-comparison corrections of a family of p-values (SPEC §3b: the family is every cell a
 * comparison reports). A p-value that is not finite (a cell without a test) is not part of the
 * family: it stays NaN and does not count in m.
 * - Holm–Bonferroni (controls the family-wise error rate): with p₍₁₎ ≤ … ≤ p₍ₘ₎,
 *   p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎).
 * - Benjamini–Hochberg (controls the false discovery rate):
 *   p̃₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎ / j).
 * Both are monotone in the sorted order and capped at 1; `none` returns the p-values unchanged.
 */
export type Correction = 'holm' | 'bh' | 'none';

export const DEFAULT_CORRECTION: Correction = 'holm';

export const CORRECTIONS: readonly Correction[] = ['holm', 'bh', 'none'];

export const CORRECTION_LABELS: Record<Correction, string> = {
  holm: 'Holm–Bonferroni',
  bh: 'Benjamini–Hochberg',
  none: 'no correction',
};

export function adjustPValues(p: readonly number[], method: Correction): number[] {
  const out = p.map((x) => (Number.isFinite(x) ? x : NaN));
  if (method === 'none') return out;
  // Ascending p; equal p-values keep their input order (the adjusted values are equal anyway).
  const order = out.map((_, i) => i).filter((i) => !Number.isNaN(out[i])).sort((i, j) => out[i] - out[j] || i - j);
  const m = order.length;
  if (method === 'holm') {
    let running = 0;
    order.forEach((i, r) => {
      running = Math.max(running, Math.min(1, (m - r) * p[i]));
      out[i] = running;
    });
  } else {
    let running = 1;
    for (let r = m - 1; r >= 0; r--) {
      const i = order[r];
      running = Math.min(running, Math.min(1, (m * p[i]) / (r + 1)));
      out[i] = running;
    }
  }
  return out;
}
