import type { TrainingEvalPoint, TrainingStepColumns } from '../../src/protocol/training';

/**
 * Everything drawn so far for one job: step records (decoded from the host's Float64 columns)
 * and held-out evaluations. A snapshot and the live messages after it may overlap, so steps at
 * or before the last one held, and evaluations of a step already held, are ignored.
 */
export class Curves {
  step: number[] = [];
  epoch: number[] = [];
  loss: number[] = [];
  lr: number[] = [];
  elapsed: number[] = [];
  stage: number[] = [];
  components = new Map<string, number[]>();
  evals: TrainingEvalPoint[] = [];

  get count(): number {
    return this.step.length;
  }

  get lastStep(): number {
    return this.step.length ? this.step[this.step.length - 1] : 0;
  }

  /** Appends the rows after the last step held; returns how many were new. */
  append(c: TrainingStepColumns): number {
    const col = (b: ArrayBuffer) => new Float64Array(b);
    const step = col(c.step);
    const epoch = col(c.epoch);
    const loss = col(c.loss);
    const lr = col(c.lr);
    const elapsed = col(c.elapsed);
    const stage = col(c.stage);
    const comps = Object.entries(c.components).map(([k, b]) => [k, col(b)] as const);
    let added = 0;
    for (let i = 0; i < c.count; i++) {
      if (this.step.length && step[i] <= this.lastStep) continue;
      const n = this.step.length;
      this.step.push(step[i]);
      this.epoch.push(epoch[i]);
      this.loss.push(loss[i]);
      this.lr.push(lr[i]);
      this.elapsed.push(elapsed[i]);
      this.stage.push(stage[i]);
      for (const [k] of comps) if (!this.components.has(k)) this.components.set(k, new Array<number>(n).fill(NaN));
      for (const [k, arr] of this.components) {
        const v = comps.find(([name]) => name === k)?.[1][i];
        arr.push(v ?? NaN);
      }
      added++;
    }
    return added;
  }

  /** Adds an evaluation, replacing one of the same step; keeps them ordered by step. */
  addEval(p: TrainingEvalPoint): void {
    const i = this.evals.findIndex((e) => e.step === p.step);
    if (i >= 0) this.evals[i] = p;
    else this.evals.push(p);
    this.evals.sort((a, b) => a.step - b.step);
  }

  /** The held-out figure over steps: the macro average (`language` = '') or one language's. */
  metric(metric: string, language: string): { xs: number[]; ys: number[] } {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const e of this.evals) {
      const v = language ? e.byLanguage[language]?.[metric] : e.metrics[metric];
      if (v === undefined) continue;
      xs.push(e.step);
      ys.push(v);
    }
    return { xs, ys };
  }

  /** Held-out metric names, in the order the trainer reports them. */
  metricNames(): string[] {
    const names: string[] = [];
    for (const e of this.evals) for (const k of Object.keys(e.metrics)) if (!names.includes(k)) names.push(k);
    return names;
  }

  /** Languages with per-language held-out figures. */
  languages(): string[] {
    const langs = new Set<string>();
    for (const e of this.evals) for (const l of Object.keys(e.byLanguage)) langs.add(l);
    return [...langs].sort();
  }

  /** The step of the last evaluation that improved the tracked metric (the running best). */
  bestStep(): number | undefined {
    for (let i = this.evals.length - 1; i >= 0; i--) if (this.evals[i].best && this.evals[i].step > 0) return this.evals[i].step;
    return undefined;
  }
}
