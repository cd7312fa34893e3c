import { UserError } from '../errors';
import { rng } from '../metrics/stats';
import { type Floats, type Kernels, type Mat, mat } from './kernels';

/**
 * Trainable maps over a frozen encoder's sentence embeddings (SPEC §6). Every kind computes
 * `z = W x` for a d×d matrix W and outputs `y = z / ‖z‖`; `backward` takes dL/dy (the losses'
 * gradients are w.r.t. these normalised outputs) and goes through the normalisation.
 *
 * - `linear`: W = I + Δ, Δ initialised to 0. The trained parameter is Δ, so AdamW's weight decay
 *   pulls W towards the identity (the base model), not towards zero.
 * - `lowrank`: W = I + U Vᵀ with U, V d×r; U = 0 and V ~ N(0, 1/r) at start (the LoRA
 *   initialisation: W starts at I and U receives gradients at once).
 * - `orthogonal`: W = I + Δ plus the penalty μ‖WᵀW − I‖²_F (μ = `orthPenalty`, default 1) added to
 *   the loss. A map shared by every language that is *exactly* orthogonal preserves every cosine,
 *   so it could not change any ranking: the penalty keeps W near the orthogonal group (geometry,
 *   uniformity and monolingual rankings nearly intact) while letting training make the small
 *   non-orthogonal corrections that align languages. For such a shared map the Procrustes
 *   initialisation of SPEC §6 is the identity (any rotation is equivalent), so W starts at I.
 */
export type AdapterKind = 'linear' | 'lowrank' | 'orthogonal';
export const ADAPTER_KINDS: readonly AdapterKind[] = ['linear', 'lowrank', 'orthogonal'];

export interface AdapterSpec {
  kind: AdapterKind;
  dim: number;
  /** `lowrank` only (default 16). */
  rank?: number;
  /** `orthogonal` only: μ of the penalty μ‖WᵀW − I‖²_F (default 1). */
  orthPenalty?: number;
}

export interface Param {
  name: string;
  shape: number[];
  value: Floats;
  grad: Floats;
}

/** What `forward` keeps for `backward`. */
export interface AdapterForward {
  X: Mat;
  Y: Mat;
  norms: Float64Array;
  /** `lowrank`: X V. */
  H?: Mat;
}

export interface Adapter {
  readonly spec: Required<AdapterSpec>;
  readonly params: Param[];
  forward(X: Mat): AdapterForward;
  /** Accumulates parameter gradients for dL/dY. */
  backward(fw: AdapterForward, dY: Mat): void;
  /** Adds the regulariser's gradient (orthogonal penalty) and returns its value; 0 for other kinds. */
  regularize(): number;
  /** The dense map W (d×d, row-major, y = normalise(W x)). */
  weight(): Floats;
  /** The tensors a checkpoint stores (`weight`, or `U` and `V`). */
  tensors(): Record<string, { shape: number[]; data: Floats }>;
}

export function fullSpec(spec: AdapterSpec): Required<AdapterSpec> {
  const rank = spec.rank ?? 16;
  const orthPenalty = spec.orthPenalty ?? 1;
  if (!ADAPTER_KINDS.includes(spec.kind)) throw new UserError(`unknown adapter "${spec.kind}"; one of ${ADAPTER_KINDS.join(', ')}`);
  if (!Number.isInteger(spec.dim) || spec.dim < 1) throw new UserError(`adapter dimension must be a positive integer, got ${spec.dim}`);
  if (spec.kind === 'lowrank' && (!Number.isInteger(rank) || rank < 1 || rank > spec.dim)) throw new UserError(`--rank must be a whole number from 1 to ${spec.dim}, got ${rank}`);
  if (!(orthPenalty >= 0)) throw new UserError(`the orthogonality penalty must be ≥ 0, got ${orthPenalty}`);
  return { kind: spec.kind, dim: spec.dim, rank: spec.kind === 'lowrank' ? rank : 0, orthPenalty: spec.kind === 'orthogonal' ? orthPenalty : 0 };
}

/** A new adapter at its initial point (W = I); `seed` only matters for `lowrank`. */
export function createAdapter(K: Kernels, spec: AdapterSpec, seed = 0): Adapter {
  const s = fullSpec(spec);
  return s.kind === 'lowrank' ? new LowRankAdapter(K, s, seed) : new DenseAdapter(K, s);
}

/** An adapter from checkpoint tensors (see `Adapter.tensors`). */
export function adapterFromTensors(K: Kernels, spec: AdapterSpec, tensors: Record<string, Floats>): Adapter {
  const a = createAdapter(K, spec);
  const d = a.spec.dim;
  const need = (name: string, len: number): Floats => {
    const t = tensors[name];
    if (!t || t.length !== len) throw new UserError(`adapter tensor "${name}" is missing or has ${t?.length ?? 0} values instead of ${len}`);
    return t;
  };
  if (a instanceof LowRankAdapter) {
    a.params[0].value.set(need('U', d * a.spec.rank));
    a.params[1].value.set(need('V', d * a.spec.rank));
  } else {
    const w = need('weight', d * d);
    const delta = a.params[0].value;
    for (let i = 0; i < d * d; i++) delta[i] = w[i];
    for (let i = 0; i < d; i++) delta[i * d + i] -= 1;
  }
  return a;
}

function param(K: Kernels, name: string, shape: number[]): Param {
  const n = shape.reduce((x, y) => x * y, 1);
  return { name, shape, value: K.alloc(n), grad: K.alloc(n) };
}

/** y = z / ‖z‖ row by row; zero rows stay zero. */
function normalise(K: Kernels, Z: Mat): { Y: Mat; norms: Float64Array } {
  const { rows, cols } = Z;
  const Y = mat(K, rows, cols);
  const norms = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let s = 0;
    for (let t = 0; t < cols; t++) s += Z.data[o + t] * Z.data[o + t];
    const n = Math.sqrt(s);
    norms[i] = n;
    if (n > 0) for (let t = 0; t < cols; t++) Y.data[o + t] = Z.data[o + t] / n;
  }
  return { Y, norms };
}

/** dL/dz = (g − y (y·g)) / ‖z‖ for each row, from dL/dy = g. */
function normaliseBackward(K: Kernels, fw: AdapterForward, dY: Mat): Mat {
  const { rows, cols } = dY;
  const dZ = mat(K, rows, cols);
  for (let i = 0; i < rows; i++) {
    const n = fw.norms[i];
    if (n === 0) continue;
    const o = i * cols;
    let yg = 0;
    for (let t = 0; t < cols; t++) yg += fw.Y.data[o + t] * dY.data[o + t];
    for (let t = 0; t < cols; t++) dZ.data[o + t] = (dY.data[o + t] - fw.Y.data[o + t] * yg) / n;
  }
  return dZ;
}

/** `linear` and `orthogonal`: W = I + Δ. */
class DenseAdapter implements Adapter {
  readonly params: Param[];

  constructor(
    private readonly K: Kernels,
    readonly spec: Required<AdapterSpec>,
  ) {
    this.params = [param(K, 'delta', [spec.dim, spec.dim])];
  }

  weight(): Floats {
    const d = this.spec.dim;
    const w = this.K.alloc(d * d);
    w.set(this.params[0].value);
    for (let i = 0; i < d; i++) w[i * d + i] += 1;
    return w;
  }

  forward(X: Mat): AdapterForward {
    const d = this.spec.dim;
    const Z = { rows: X.rows, cols: d, data: this.K.gemm(X.rows, d, d, X.data, this.weight(), { transB: true }) };
    return { X, ...normalise(this.K, Z) };
  }

  backward(fw: AdapterForward, dY: Mat): void {
    const d = this.spec.dim;
    const dZ = normaliseBackward(this.K, fw, dY);
    // dΔ = dZᵀ X
    const g = this.K.gemm(d, d, fw.X.rows, dZ.data, fw.X.data, { transA: true });
    const grad = this.params[0].grad;
    for (let i = 0; i < grad.length; i++) grad[i] += g[i];
  }

  regularize(): number {
    const mu = this.spec.orthPenalty;
    if (this.spec.kind !== 'orthogonal' || mu === 0) return 0;
    const d = this.spec.dim;
    const W = this.weight();
    // E = WᵀW − I; penalty μ‖E‖², gradient 4μ W E.
    const E = this.K.gemm(d, d, d, W, W, { transA: true });
    for (let i = 0; i < d; i++) E[i * d + i] -= 1;
    let penalty = 0;
    for (let i = 0; i < E.length; i++) penalty += E[i] * E[i];
    const WE = this.K.gemm(d, d, d, W, E);
    const grad = this.params[0].grad;
    for (let i = 0; i < grad.length; i++) grad[i] += 4 * mu * WE[i];
    return mu * penalty;
  }

  tensors(): Record<string, { shape: number[]; data: Floats }> {
    return { weight: { shape: [this.spec.dim, this.spec.dim], data: this.weight() } };
  }
}

/** `lowrank`: W = I + U Vᵀ. */
class LowRankAdapter implements Adapter {
  readonly params: Param[];

  constructor(
    private readonly K: Kernels,
    readonly spec: Required<AdapterSpec>,
    seed: number,
  ) {
    const { dim: d, rank: r } = spec;
    this.params = [param(K, 'U', [d, r]), param(K, 'V', [d, r])];
    const next = rng((seed ^ 0x5eed1a) >>> 0);
    const V = this.params[1].value;
    const sd = 1 / Math.sqrt(r);
    for (let i = 0; i < V.length; i++) V[i] = sd * gaussian(next);
  }

  weight(): Floats {
    const { dim: d, rank: r } = this.spec;
    const w = this.K.gemm(d, d, r, this.params[0].value, this.params[1].value, { transB: true });
    for (let i = 0; i < d; i++) w[i * d + i] += 1;
    return w;
  }

  forward(X: Mat): AdapterForward {
    const { dim: d, rank: r } = this.spec;
    const [U, V] = this.params;
    const H: Mat = { rows: X.rows, cols: r, data: this.K.gemm(X.rows, r, d, X.data, V.value) };
    const Z = { rows: X.rows, cols: d, data: this.K.gemm(X.rows, d, r, H.data, U.value, { transB: true }) };
    for (let i = 0; i < Z.data.length; i++) Z.data[i] += X.data[i];
    return { X, H, ...normalise(this.K, Z) };
  }

  backward(fw: AdapterForward, dY: Mat): void {
    const { dim: d, rank: r } = this.spec;
    const [U, V] = this.params;
    const H = fw.H!;
    const n = fw.X.rows;
    const dZ = normaliseBackward(this.K, fw, dY);
    const gU = this.K.gemm(d, r, n, dZ.data, H.data, { transA: true }); // dZᵀ H
    const dH = this.K.gemm(n, r, d, dZ.data, U.value); // dZ U
    const gV = this.K.gemm(d, r, n, fw.X.data, dH, { transA: true }); // Xᵀ dH
    for (let i = 0; i < gU.length; i++) U.grad[i] += gU[i];
    for (let i = 0; i < gV.length; i++) V.grad[i] += gV[i];
  }

  regularize(): number {
    return 0;
  }

  tensors(): Record<string, { shape: number[]; data: Floats }> {
    const [U, V] = this.params;
    return { U: { shape: U.shape, data: U.value }, V: { shape: V.shape, data: V.value } };
  }
}

/** A standard normal draw (Box–Muller) from a uniform generator. */
export function gaussian(next: () => number): number {
  const u = 1 - next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/** Apply a dense map W (d×d) to the rows of X and L2-normalise: the inference path. */
export function applyDense(K: Kernels, W: Floats, X: Mat): Mat {
  const d = X.cols;
  return normalise(K, { rows: X.rows, cols: d, data: K.gemm(X.rows, d, d, X.data, W, { transB: true }) }).Y;
}
