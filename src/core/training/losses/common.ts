import type { Batch } from '../batch';
import { type Floats, gatherRows, type Kernels, type Mat, scatterAddRows } from '../kernels';

/**
 * Building blocks shared by the losses. Every loss receives the adapter's normalised outputs `Y`
 * (one row per text of the batch) and adds dL/dY into `dY`; its value is a batch mean.
 */
export interface LossContext {
  K: Kernels;
  Y: Mat;
  dY: Mat;
  batch: Batch;
  /** MIMO's stage (1 = distillation only); ignored by the other losses. */
  stage?: 1 | 2;
}

/** The loss value and its named parts (what the training panel draws). */
export interface LossValue {
  total: number;
  components: Record<string, number>;
}

export type LossFn = (ctx: LossContext) => LossValue;

/**
 * Scaled cosine scores `S = γ Y[rows] · Y[cols]ᵀ` between two lists of output rows, the groups
 * that decide positives, and `dS`, where the losses accumulate dL/dS before `backward`.
 */
export class Logits {
  readonly m: number;
  readonly n: number;
  readonly S: Floats;
  readonly dS: Floats;
  private readonly A: Mat;
  private readonly C: Mat;

  constructor(
    private readonly K: Kernels,
    Y: Mat,
    readonly rows: Int32Array,
    readonly cols: Int32Array,
    readonly rowGroup: Int32Array,
    readonly colGroup: Int32Array,
    readonly scale: number,
  ) {
    this.m = rows.length;
    this.n = cols.length;
    this.A = gatherRows(K, Y, rows);
    this.C = gatherRows(K, Y, cols);
    this.S = K.gemm(this.m, this.n, Y.cols, this.A.data, this.C.data, { transB: true });
    for (let i = 0; i < this.S.length; i++) this.S[i] *= scale;
    this.dS = K.alloc(this.m * this.n);
  }

  /** Row i's logits (a view). */
  row(i: number): Floats {
    return this.S.subarray(i * this.n, (i + 1) * this.n);
  }

  /** dL/dY from dS: dA = γ dS C, dC = γ dSᵀ A, scattered to the rows they came from. */
  backward(dY: Mat): void {
    const { K, m, n, scale } = this;
    const d = dY.cols;
    const g = K.alloc(m * n);
    for (let i = 0; i < g.length; i++) g[i] = scale * this.dS[i];
    scatterAddRows(dY, this.rows, { rows: m, cols: d, data: K.gemm(m, d, n, g, this.C.data) });
    scatterAddRows(dY, this.cols, { rows: n, cols: d, data: K.gemm(n, d, m, g, this.A.data, { transA: true }) });
  }
}

/** Stack index arrays. */
export function concat(...parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

/** log Σ exp(x_j) over the columns j with `allowed[j]` (all when undefined). */
export function logSumExp(x: ArrayLike<number>, allowed?: ArrayLike<boolean>): number {
  let max = -Infinity;
  for (let j = 0; j < x.length; j++) if ((!allowed || allowed[j]) && x[j] > max) max = x[j];
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let j = 0; j < x.length; j++) if (!allowed || allowed[j]) s += Math.exp(x[j] - max);
  return max + Math.log(s);
}

/** log softmax of a row over the allowed columns (−∞ elsewhere). */
export function logSoftmax(x: ArrayLike<number>, allowed?: ArrayLike<boolean>): Float64Array {
  const lse = logSumExp(x, allowed);
  const out = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) out[j] = !allowed || allowed[j] ? x[j] - lse : -Infinity;
  return out;
}

/**
 * Multi-positive cross-entropy of SPEC §5 for rows `rowIdx` of `L`, over the columns with
 * `allowed[j]`: `−log Σ_{c ∈ pos} softmax(S_i)_c`, positives = columns of the row's group.
 * With one positive this is the usual InfoNCE / MNRL term. Adds `weight ×` the gradient of the
 * mean over the rows into `L.dS` and returns that mean.
 */
export function multiPositiveCE(L: Logits, rowIdx: ArrayLike<number>, allowed: ArrayLike<boolean> | undefined, weight: number): number {
  let total = 0;
  const w = weight / rowIdx.length;
  const pos = new Array<boolean>(L.n);
  for (let r = 0; r < rowIdx.length; r++) {
    const i = rowIdx[r];
    const x = L.row(i);
    let hasPositive = false;
    for (let j = 0; j < L.n; j++) {
      pos[j] = (!allowed || allowed[j]) && L.colGroup[j] === L.rowGroup[i];
      hasPositive ||= pos[j];
    }
    if (!hasPositive) throw new Error(`row ${i} has no positive candidate`);
    const lseAll = logSumExp(x, allowed);
    const lsePos = logSumExp(x, pos);
    total += lseAll - lsePos;
    const o = i * L.n;
    for (let j = 0; j < L.n; j++) {
      if (allowed && !allowed[j]) continue;
      const g = Math.exp(x[j] - lseAll) - (pos[j] ? Math.exp(x[j] - lsePos) : 0);
      L.dS[o + j] += w * g;
    }
  }
  return total / rowIdx.length;
}

/**
 * Jensen–Shannon divergence between P = softmax(a) and Q = softmax(b) (natural log), computed in
 * log space. Adds `weight ×` dJSD/da and dJSD/db into `da`, `db` (dJSD/dP_k = ½ log(P_k / M_k),
 * then through the softmax).
 */
export function jsd(a: ArrayLike<number>, b: ArrayLike<number>, da: Float64Array, db: Float64Array, weight: number): number {
  const n = a.length;
  const lp = logSoftmax(a);
  const lq = logSoftmax(b);
  const gp = new Float64Array(n);
  const gq = new Float64Array(n);
  let value = 0;
  for (let k = 0; k < n; k++) {
    const hi = Math.max(lp[k], lq[k]);
    const lm = hi === -Infinity ? -Infinity : hi + Math.log(Math.exp(lp[k] - hi) + Math.exp(lq[k] - hi)) - Math.LN2;
    const p = Math.exp(lp[k]);
    const q = Math.exp(lq[k]);
    if (p > 0) ((gp[k] = 0.5 * (lp[k] - lm)), (value += p * gp[k]));
    if (q > 0) ((gq[k] = 0.5 * (lq[k] - lm)), (value += q * gq[k]));
  }
  softmaxBackward(lp, gp, da, weight);
  softmaxBackward(lq, gq, db, weight);
  return value;
}

/** KL(P ‖ Q) for P = softmax(a), Q = softmax(b); adds weight × the gradients into da, db. */
export function kl(a: ArrayLike<number>, b: ArrayLike<number>, da: Float64Array, db: Float64Array, weight: number): number {
  const n = a.length;
  const lp = logSoftmax(a);
  const lq = logSoftmax(b);
  const gp = new Float64Array(n);
  let value = 0;
  for (let k = 0; k < n; k++) {
    const p = Math.exp(lp[k]);
    if (p > 0) ((gp[k] = lp[k] - lq[k]), (value += p * gp[k]));
    // d/db_k of −Σ P log Q = Q_k − P_k
    db[k] += weight * (Math.exp(lq[k]) - p);
  }
  softmaxBackward(lp, gp, da, weight);
  return value;
}

/** d/da_j of f(softmax(a)) given g = df/dP: P_j (g_j − Σ_k P_k g_k), scaled and added to da. */
function softmaxBackward(logP: Float64Array, g: Float64Array, da: Float64Array, weight: number): void {
  let dot = 0;
  for (let k = 0; k < g.length; k++) dot += Math.exp(logP[k]) * g[k];
  for (let k = 0; k < g.length; k++) da[k] += weight * Math.exp(logP[k]) * (g[k] - dot);
}

/** Add a row gradient computed in doubles into `L.dS`. */
export function addRowGrad(L: Logits, i: number, g: Float64Array): void {
  const o = i * L.n;
  for (let j = 0; j < L.n; j++) L.dS[o + j] += g[j];
}
