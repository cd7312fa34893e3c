import type { TrainingStepColumns } from '../../protocol/training';
import type { TrainEvent } from '../../core/training/trainer';

type StepEvent = Extract<TrainEvent, { type: 'step' }>;

/**
 * The step events of one job kept in columns, so any range goes to a webview as Float64
 * ArrayBuffers. Components are aligned: one that appears late, or is absent at a step (MIMO's
 * stages differ), is NaN there.
 */
export class StepRecords {
  readonly step: number[] = [];
  readonly epoch: number[] = [];
  readonly loss: number[] = [];
  readonly lr: number[] = [];
  readonly elapsed: number[] = [];
  readonly stage: number[] = [];
  readonly components = new Map<string, number[]>();

  get count(): number {
    return this.step.length;
  }

  push(e: Pick<StepEvent, 'step' | 'epoch' | 'loss' | 'lr' | 'elapsed' | 'components'> & { stage?: number }): void {
    const n = this.count;
    this.step.push(e.step);
    this.epoch.push(e.epoch);
    this.loss.push(e.loss);
    this.lr.push(e.lr);
    this.elapsed.push(e.elapsed);
    this.stage.push(e.stage ?? 0);
    for (const name of Object.keys(e.components)) if (!this.components.has(name)) this.components.set(name, new Array<number>(n).fill(NaN));
    for (const [name, col] of this.components) col.push(e.components[name] ?? NaN);
  }

  /** Rows [from, to) as columns. */
  columns(from = 0, to = this.count): TrainingStepColumns {
    const f64 = (a: number[]) => Float64Array.from(a.slice(from, to)).buffer;
    return {
      count: Math.max(0, to - from),
      step: f64(this.step),
      epoch: f64(this.epoch),
      loss: f64(this.loss),
      lr: f64(this.lr),
      elapsed: f64(this.elapsed),
      stage: f64(this.stage),
      components: Object.fromEntries([...this.components].map(([k, v]) => [k, f64(v)])),
    };
  }

  /** JSON-ready columns (NaN as null), at most `maxRows` rows: longer runs keep every k-th step and the last. */
  toJSON(maxRows = 5000): StepRecordsJson {
    const keep = thin(this.count, maxRows);
    const pick = (a: number[]) => keep.map((i) => (Number.isFinite(a[i]) ? a[i] : null));
    return {
      step: pick(this.step),
      epoch: pick(this.epoch),
      loss: pick(this.loss),
      lr: pick(this.lr),
      elapsed: pick(this.elapsed),
      stage: pick(this.stage),
      components: Object.fromEntries([...this.components].map(([k, v]) => [k, pick(v)])),
    };
  }

  static fromJSON(j: StepRecordsJson): StepRecords {
    const r = new StepRecords();
    const num = (v: number | null | undefined) => (typeof v === 'number' ? v : NaN);
    for (let i = 0; i < j.step.length; i++) {
      const components: Record<string, number> = {};
      for (const [k, col] of Object.entries(j.components)) components[k] = num(col[i]);
      r.push({ step: num(j.step[i]), epoch: num(j.epoch[i]), loss: num(j.loss[i]), lr: num(j.lr[i]), elapsed: num(j.elapsed[i]), stage: num(j.stage[i]), components });
    }
    return r;
  }
}

export interface StepRecordsJson {
  step: Array<number | null>;
  epoch: Array<number | null>;
  loss: Array<number | null>;
  lr: Array<number | null>;
  elapsed: Array<number | null>;
  stage: Array<number | null>;
  components: Record<string, Array<number | null>>;
}

/** Row indices to keep so that at most `max` remain: every k-th row, and always the last. */
export function thin(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const k = Math.ceil(n / (max - 1));
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += k) out.push(i);
  out.push(n - 1);
  return out;
}
