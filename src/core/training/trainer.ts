import { throwIfAborted, UserError } from '../errors';
import { rng } from '../metrics/stats';
import type { Matrix } from '../vectors';
import { type Adapter, type AdapterSpec, applyDense, createAdapter } from './adapters';
import { epochBatches, makeBatch, stepsPerEpoch } from './batch';
import { type HeldOutResult, type EvalInput, heldOutMetrics, lowerIsBetter } from './heldOut';
import { F32, type Kernels, type Mat } from './kernels';
import { type LossConfig, makeLoss } from './losses';
import { ADAMW_DEFAULTS, AdamW, learningRate } from './optim';
import type { TrainingSet } from './trainingSet';

/**
 * The training loop: pure (no files, no threads), so it runs the same in a test, the CLI or a
 * worker. Same set, vectors, config and seed → bit-identical parameters (seeded shuffling, fixed
 * summation orders, no clock or thread dependence).
 */
export interface TrainConfig {
  adapter: Omit<AdapterSpec, 'dim'>;
  loss: LossConfig;
  /** Whole passes over the examples; more when `minSteps` needs them. */
  epochs: number;
  /** Train at least this many steps, in whole epochs (default 0: exactly `epochs`). */
  minSteps?: number;
  batchSize: number;
  /** Peak learning rate. */
  lr: number;
  weightDecay: number;
  /** Share of the steps spent warming up (linear), before the cosine decay. */
  warmup: number;
  seed: number;
  /** Evaluate on the validation split every N steps (and before the first and after the last); 0 = only then. */
  evalEvery: number;
  /** Stop when validation `metric` has not improved for `patience` evaluations, and keep the best parameters. */
  earlyStopping?: { metric: string; patience: number };
}

export { TRAIN_DEFAULTS } from './defaults';

export interface TrainInput {
  set: TrainingSet;
  /** Base embedding of every text of the set, row = text id. */
  base: Matrix;
  /** MIMO's teacher vectors by text id (default: `base`, the frozen model's own English space). */
  teacher?: Matrix;
  /** Validation split (carved from the training units): the curves, early stopping, the best step. */
  validation?: EvalInput;
  /** Test split (held-out units): measured once, after training, for the base model and the result. */
  test?: EvalInput;
}

/** What a panel needs to draw live curves; `step` events come after every optimiser step. */
export type TrainEvent =
  | { type: 'start'; totalSteps: number; stepsPerEpoch: number; epochs: number; examples: number; langs: string[]; kernel: string }
  | { type: 'step'; step: number; epoch: number; epochProgress: number; loss: number; components: Record<string, number>; lr: number; stage?: 1 | 2; elapsed: number }
  /** A validation evaluation (never the test split). */
  | { type: 'eval'; step: number; epoch: number; metrics: Record<string, number>; byLanguage: Record<string, Record<string, number>>; best: boolean }
  /** The test split, once, after training: the returned parameters (`step`) and the base model. */
  | { type: 'test'; step: number; trained: HeldOutResult; base: HeldOutResult }
  | { type: 'done'; step: number; reason: StopReason; bestStep?: number };

export type StopReason = 'completed' | 'early-stop' | 'stopped';

export interface EvalPoint {
  step: number;
  metrics: Record<string, number>;
  byLanguage: Record<string, Record<string, number>>;
}

export interface TrainResult {
  adapter: Adapter;
  steps: number;
  totalSteps: number;
  reason: StopReason;
  /** Validation figures of the initial parameters (step 0) and of the returned parameters. */
  baseMetrics?: EvalPoint;
  metrics?: EvalPoint;
  /** Every validation evaluation. */
  history: EvalPoint[];
  /** The step whose parameters are returned. */
  keptStep: number;
  /** Test figures, measured once after training: the returned parameters and the base model. */
  test?: { trained: HeldOutResult; base: HeldOutResult };
  lastLoss?: { total: number; components: Record<string, number> };
  kernel: string;
}

export interface TrainOptions {
  /** Abort: throws CancelledError, nothing is kept. */
  signal?: AbortSignal;
  /** Stop early but keep what was trained (a panel's stop button). */
  stop?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
  /** Numeric backend (default float32 with the WebAssembly kernel; tests use float64). */
  kernels?: Kernels;
}

export async function train(input: TrainInput, cfg: TrainConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  validate(cfg);
  const K = opts.kernels ?? F32;
  const { set } = input;
  const dim = input.base.dim;
  const base: Mat = { rows: input.base.rows, cols: dim, data: input.base.data };
  const teacher: Mat | undefined = cfg.loss.kind === 'mimo' ? toMat(input.teacher ?? input.base, dim) : undefined;
  const adapter = createAdapter(K, { ...cfg.adapter, dim }, cfg.seed);
  const optimiser = new AdamW(adapter.params, { ...ADAMW_DEFAULTS, weightDecay: cfg.weightDecay });
  const loss = makeLoss(cfg.loss);
  const perEpoch = stepsPerEpoch(set, cfg.batchSize);
  if (perEpoch === 0) throw new UserError('no batch of at least 2 examples in any language: add data or lower --batch');
  const epochs = Math.max(cfg.epochs, Math.ceil((cfg.minSteps ?? 0) / perEpoch));
  const totalSteps = perEpoch * epochs;
  const schedule = { peak: cfg.lr, warmupSteps: Math.round(totalSteps * cfg.warmup), totalSteps };
  const stage1Steps = cfg.loss.kind === 'mimo' ? Math.round(totalSteps * cfg.loss.stage1Fraction) : 0;
  const shuffleRng = rng(cfg.seed >>> 0);
  const emit = opts.onEvent ?? (() => {});
  const t0 = performance.now();

  const history: EvalPoint[] = [];
  const es = cfg.earlyStopping;
  const tracked = es?.metric ?? 'bilingual.Max@R';
  let best: { step: number; value: number; params: Array<Float32Array | Float64Array>; point: EvalPoint } | undefined;
  let sinceBest = 0;
  const runEval = async (step: number, epoch: number): Promise<boolean> => {
    if (!input.validation) return false;
    const r: HeldOutResult = await heldOutMetrics(input.validation, (m) => transform(K, adapter, m), opts.signal);
    const point = { step, metrics: r.overall, byLanguage: r.byLanguage };
    history.push(point);
    const value = r.overall[tracked];
    if (value === undefined) throw new UserError(`unknown metric "${tracked}" for early stopping; one of ${Object.keys(r.overall).join(', ')}`);
    const improved = !best || (lowerIsBetter(tracked) ? value < best.value : value > best.value);
    if (improved) {
      best = { step, value, params: adapter.params.map((p) => p.value.slice()), point };
      sinceBest = 0;
    } else sinceBest++;
    emit({ type: 'eval', step, epoch, metrics: r.overall, byLanguage: r.byLanguage, best: improved });
    return es !== undefined && sinceBest >= es.patience;
  };

  emit({ type: 'start', totalSteps, stepsPerEpoch: perEpoch, epochs, examples: set.examples.length, langs: set.langs, kernel: K.gemmName });
  await runEval(0, 0);
  const baseMetrics = history[0];
  let step = 0;
  let reason: StopReason = 'completed';
  let lastLoss: TrainResult['lastLoss'];
  let evaluatedAt = 0;
  outer: for (let epoch = 1; epoch <= epochs; epoch++) {
    for (const idx of epochBatches(set, cfg.batchSize, shuffleRng)) {
      throwIfAborted(opts.signal);
      if (opts.stop?.aborted) {
        reason = 'stopped';
        break outer;
      }
      const stage = step < stage1Steps ? 1 : 2;
      const batch = makeBatch(K, set, idx, base, { teacher });
      const fw = adapter.forward(batch.X);
      const dY: Mat = { rows: fw.Y.rows, cols: dim, data: K.alloc(fw.Y.rows * dim) };
      const value = loss({ K, Y: fw.Y, dY, batch, stage });
      adapter.backward(fw, dY);
      const penalty = adapter.regularize();
      const lr = learningRate(step, schedule);
      optimiser.step(lr);
      step++;
      const components = penalty > 0 || adapter.spec.kind === 'orthogonal' ? { ...value.components, orthogonality: penalty } : value.components;
      lastLoss = { total: value.total + penalty, components };
      emit({
        type: 'step', step, epoch, epochProgress: step / perEpoch, loss: lastLoss.total, components, lr,
        stage: cfg.loss.kind === 'mimo' ? stage : undefined, elapsed: (performance.now() - t0) / 1000,
      });
      if (cfg.evalEvery > 0 && step % cfg.evalEvery === 0) {
        evaluatedAt = step;
        if (await runEval(step, epoch)) {
          reason = 'early-stop';
          break outer;
        }
      }
      // Let an abort (or a worker's message) arrive between steps.
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  if (input.validation && evaluatedAt !== step && step > 0) await runEval(step, epochs);
  throwIfAborted(opts.signal);
  let metrics = history.at(-1);
  let keptStep = step;
  if (es && best) {
    adapter.params.forEach((p, i) => p.value.set(best!.params[i]));
    metrics = best.point;
    keptStep = best.step;
  }
  let test: TrainResult['test'];
  if (input.test) {
    // The only look at the test split: after every choice (step, stopping) has been made.
    const trained = await heldOutMetrics(input.test, (m) => transform(K, adapter, m), opts.signal);
    const baseline = await heldOutMetrics(input.test, (m) => m, opts.signal);
    test = { trained, base: baseline };
    emit({ type: 'test', step: keptStep, trained, base: baseline });
  }
  emit({ type: 'done', step, reason, bestStep: best?.step });
  return { adapter, steps: step, totalSteps, reason, baseMetrics, metrics, history, keptStep, test, lastLoss, kernel: K.gemmName };
}

/** The adapter's current map applied to a float32 matrix (the inference path). */
function transform(K: Kernels, adapter: Adapter, m: Matrix): Matrix {
  const Y = applyDense(K, adapter.weight(), toMat(m, m.dim));
  return { rows: Y.rows, dim: Y.cols, data: Y.data instanceof Float32Array ? Y.data : Float32Array.from(Y.data) };
}

function toMat(m: Matrix, dim: number): Mat {
  if (m.dim !== dim) throw new UserError(`the teacher's vectors have ${m.dim} dimensions, the base model's ${dim}; MIMO needs the same`);
  return { rows: m.rows, cols: m.dim, data: m.data };
}

function validate(cfg: TrainConfig): void {
  const posInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new UserError(`--${name} must be a positive whole number, got ${v}`);
  };
  posInt('epochs', cfg.epochs);
  if (cfg.minSteps !== undefined && !(Number.isInteger(cfg.minSteps) && cfg.minSteps >= 0)) throw new UserError(`--min-steps must be a whole number ≥ 0, got ${cfg.minSteps}`);
  posInt('batch', cfg.batchSize);
  if (cfg.batchSize < 2) throw new UserError('--batch must be at least 2 (in-batch negatives)');
  if (!(cfg.lr > 0)) throw new UserError(`--lr must be > 0, got ${cfg.lr}`);
  if (!(cfg.weightDecay >= 0)) throw new UserError(`weight decay must be ≥ 0, got ${cfg.weightDecay}`);
  if (!(cfg.warmup >= 0 && cfg.warmup <= 1)) throw new UserError(`warm-up share must be in [0, 1], got ${cfg.warmup}`);
  if (!Number.isInteger(cfg.evalEvery) || cfg.evalEvery < 0) throw new UserError(`--eval-every must be a whole number ≥ 0, got ${cfg.evalEvery}`);
  if (cfg.earlyStopping && (!Number.isInteger(cfg.earlyStopping.patience) || cfg.earlyStopping.patience < 1)) {
    throw new UserError(`--patience must be a positive whole number, got ${cfg.earlyStopping.patience}`);
  }
}

