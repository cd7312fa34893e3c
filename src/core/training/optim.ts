import type { Param } from './adapters';

/**
 * AdamW (decoupled weight decay, Loshchilov & Hutter) with bias correction, and the learning-rate
 * schedule: linear warm-up from 0 to the peak, then cosine decay to 0. Moments are kept in
 * float64 whatever the parameters' precision.
 */
export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export const ADAMW_DEFAULTS: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };

export class AdamW {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;

  constructor(
    private readonly params: Param[],
    private readonly cfg: AdamWConfig = ADAMW_DEFAULTS,
  ) {
    this.m = params.map((p) => new Float64Array(p.value.length));
    this.v = params.map((p) => new Float64Array(p.value.length));
  }

  /** One update with learning rate `lr` from the accumulated gradients, which it then clears. */
  step(lr: number): void {
    const { beta1, beta2, eps, weightDecay } = this.cfg;
    this.t++;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    this.params.forEach((p, k) => {
      const m = this.m[k];
      const v = this.v[k];
      const { value, grad } = p;
      for (let i = 0; i < value.length; i++) {
        const g = grad[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        value[i] -= lr * (m[i] / c1 / (Math.sqrt(v[i] / c2) + eps) + weightDecay * value[i]);
      }
      grad.fill(0);
    });
  }
}

export interface Schedule {
  peak: number;
  warmupSteps: number;
  totalSteps: number;
}

/** Learning rate of (0-based) step `step`. */
export function learningRate(step: number, s: Schedule): number {
  if (step < s.warmupSteps) return (s.peak * (step + 1)) / s.warmupSteps;
  const span = Math.max(1, s.totalSteps - s.warmupSteps);
  const progress = Math.min(1, (step - s.warmupSteps) / span);
  return 0.5 * s.peak * (1 + Math.cos(Math.PI * progress));
}
