import * as path from 'node:path';
import type { FormatId, QACorpus } from '../data/corpus';
import { loadCorpus } from '../data/load';
import { filterLanguages } from '../data/views';
import type { Encoder } from '../encoders/encoder';
import { throwIfAborted, UserError } from '../errors';
import type { TaskOptions } from '../progress';
import { matrix, type Matrix } from '../vectors';
import { VERSION } from '../version';
import type { AdapterKind } from './adapters';
import { type CheckpointMeta, checkCheckpointTarget, describeAdapter, saveCheckpoint } from './checkpoint';
import { parallelTrainingData, qaTrainingData, type SplitData } from './data';
import type { EvalInput } from './heldOut';
import { corpusTexts, EmbeddingTable, gatherItems } from './embed';
import { mineHardNegatives } from './hardNegatives';
import { describeLoss, lossConfig, type LossKind } from './losses';
import { parseDirections } from './losses/infonce';
import type { JsdMode } from './losses/jsd';
import { ADAMW_DEFAULTS } from './optim';
import { isTrainingJsonl, jsonlTrainingData } from './trainJsonl';
import { type TrainConfig, type TrainEvent, type TrainInput, type TrainResult, train } from './trainer';

/**
 * One training run from a plain, serialisable request (what the CLI parses and what a worker
 * thread receives): load and split the data, encode every text once with the base model, mine
 * hard negatives, train, and write the checkpoint.
 */
/** Optimisation settings as the trainer takes them (one list of names, see TrainConfig). */
export type TrainSchedule = Pick<TrainConfig, 'epochs' | 'minSteps' | 'batchSize' | 'lr' | 'weightDecay' | 'warmup' | 'seed' | 'evalEvery' | 'earlyStopping'>;

export interface TrainRequest extends TrainSchedule {
  data: string;
  format?: FormatId | 'train-jsonl';
  model: string;
  teacher?: string;
  langs: string[];
  pivot: string;
  loss: LossKind;
  /** InfoNCE directions, e.g. `L>L+en,en>L+en`. */
  directions?: string;
  lambda?: number;
  jsdMode?: JsdMode;
  alpha?: number;
  beta?: number;
  scale?: number;
  stage1Fraction?: number;
  adapter: AdapterKind;
  rank?: number;
  orthPenalty?: number;
  hardNegatives: number;
  hardWindow: [number, number];
  trainFraction?: number;
  /** Share of the training units kept for validation (default TRAIN_DEFAULTS.validationFraction). */
  validationFraction?: number;
  /** Test on this QA corpus instead of the held-out split. */
  evalData?: string;
  out: string;
  /** Write into `out` even when it holds something that is not an XLens checkpoint. */
  force?: boolean;
  cwd: string;
}

export interface TrainJobResult {
  out: string;
  meta: CheckpointMeta;
  steps: number;
  reason: TrainResult['reason'];
  history: TrainResult['history'];
}

export interface TrainJobOptions extends TaskOptions {
  stop?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
  /** Opens model sources (the CLI and the worker pass `openEncoder`). */
  openEncoder: (source: string, opts: { cwd: string }) => Promise<Encoder>;
}

export async function runTrainJob(req: TrainRequest, opts: TrainJobOptions): Promise<TrainJobResult> {
  const task = { signal: opts.signal, onProgress: opts.onProgress };
  const out = path.resolve(req.cwd, req.out);
  // Refuse a bad --out before the work, not after it.
  await checkCheckpointTarget(out, { force: req.force });
  const split = await loadSplit(req, task);
  const encoder = await opts.openEncoder(req.model, { cwd: req.cwd });
  try {
    const { input, config } = await prepare(req, split, encoder, opts);
    const result = await train(input, config, { signal: opts.signal, stop: opts.stop, onEvent: opts.onEvent });
    throwIfAborted(opts.signal);
    const meta = checkpointMeta(req, encoder, input, config, result, split);
    await saveCheckpoint(out, meta, result.adapter, { force: req.force });
    return { out, meta, steps: result.steps, reason: result.reason, history: result.history };
  } finally {
    await encoder.dispose();
  }
}

async function loadSplit(req: TrainRequest, task: TaskOptions): Promise<SplitData> {
  const file = path.resolve(req.cwd, req.data);
  const splitOpts = { langs: req.langs.filter((l) => l !== req.pivot), pivot: req.pivot, seed: req.seed, trainFraction: req.trainFraction, validationFraction: req.validationFraction };
  if (splitOpts.langs.length === 0) throw new UserError(`--langs needs at least one language other than the pivot ${req.pivot}`);
  let split: SplitData;
  if (req.format === 'train-jsonl' || (req.format === undefined && isTrainingJsonl(file))) {
    split = await jsonlTrainingData(file, { ...splitOpts, signal: task.signal });
  } else {
    const corpus = await loadCorpus(file, { format: req.format, langs: [...splitOpts.langs, req.pivot], ...task });
    split = corpus.kind === 'qa' ? qaTrainingData(corpus, splitOpts) : parallelTrainingData(corpus, splitOpts);
  }
  if (req.evalData) {
    const evalCorpus = await loadCorpus(path.resolve(req.cwd, req.evalData), task);
    if (evalCorpus.kind !== 'qa') throw new UserError('--eval-data must be a QA corpus (XQuAD, XQuAD-R, Belebele)', { file: req.evalData });
    split.heldOut = filterLanguages(evalCorpus, [...splitOpts.langs, req.pivot]);
    split.splits.test = `test: ${req.evalData} (--eval-data, measured once, after training)`;
  }
  return split;
}

/** Encode, mine and assemble the trainer's input and configuration. */
export async function prepare(req: TrainRequest, split: SplitData, encoder: Encoder, opts: TrainJobOptions): Promise<{ input: TrainInput; config: TrainConfig }> {
  const task = { signal: opts.signal, onProgress: opts.onProgress };
  const set = split.train;
  const table = await EmbeddingTable.encode(encoder, set.texts, { ...task, phase: 'encoding training texts' });
  const base = gatherItems(table, set.texts);
  let teacher: Matrix | undefined;
  if (req.teacher && req.loss === 'mimo') {
    const t = await opts.openEncoder(req.teacher, { cwd: req.cwd });
    try {
      if (t.info.dim !== encoder.info.dim) throw new UserError(`the teacher ${req.teacher} has ${t.info.dim} dimensions, the base model ${encoder.info.dim}; MIMO needs the same`);
      const english = set.texts.map((x, i) => ({ x, i })).filter(({ x }) => x.lang === set.pivot);
      const tt = await EmbeddingTable.encode(t, english.map(({ x }) => x), { ...task, phase: 'encoding with the teacher' });
      teacher = matrix(set.texts.length, t.info.dim);
      const rows = gatherItems(tt, english.map(({ x }) => x));
      english.forEach(({ i }, r) => teacher!.data.set(rows.data.subarray(r * rows.dim, (r + 1) * rows.dim), i * rows.dim));
    } finally {
      await t.dispose();
    }
  }
  if (req.hardNegatives > 0) set.hard = await mineHardNegatives(set, base, { count: req.hardNegatives, window: req.hardWindow, seed: req.seed, ...task });
  const evalInput = async (corpus: QACorpus, what: string): Promise<EvalInput> => ({
    corpus,
    langs: set.langs,
    pivot: set.pivot,
    table: await EmbeddingTable.encode(encoder, corpusTexts(corpus), { ...task, phase: `encoding ${what} texts` }),
    info: encoder.info,
  });
  const input: TrainInput = {
    set,
    base,
    teacher,
    validation: split.validation ? await evalInput(split.validation, 'validation') : undefined,
    test: await evalInput(split.heldOut, 'test'),
  };
  const config: TrainConfig = {
    adapter: { kind: req.adapter, rank: req.rank, orthPenalty: req.orthPenalty },
    loss: lossConfig(req.loss, {
      scale: req.scale,
      directions: req.directions ? parseDirections(req.directions) : undefined,
      lambda: req.lambda,
      jsdMode: req.jsdMode,
      alpha: req.alpha,
      beta: req.beta,
      stage1Fraction: req.stage1Fraction,
    }),
    epochs: req.epochs,
    minSteps: req.minSteps,
    batchSize: req.batchSize,
    lr: req.lr,
    weightDecay: req.weightDecay,
    warmup: req.warmup,
    seed: req.seed,
    evalEvery: req.evalEvery,
    earlyStopping: req.earlyStopping,
  };
  return { input, config };
}

export function checkpointMeta(req: TrainRequest, encoder: Encoder, input: TrainInput, config: TrainConfig, result: TrainResult, split: SplitData): CheckpointMeta {
  const { set } = input;
  const v = result.metrics;
  const t = result.test;
  return {
    format: 'xlens-checkpoint',
    version: 1,
    xlens: VERSION,
    base: { source: req.model, name: encoder.info.name, fingerprint: encoder.info.fingerprint, dim: encoder.info.dim, cwd: req.cwd },
    adapter: describeAdapter(result.adapter),
    loss: describeLoss(config.loss),
    hyperParameters: {
      epochs: config.epochs,
      minSteps: config.minSteps ?? 0,
      batchSize: config.batchSize,
      lr: config.lr,
      schedule: `linear warm-up over ${config.warmup} of the steps, then cosine decay to 0`,
      optimiser: `AdamW(β1 ${ADAMW_DEFAULTS.beta1}, β2 ${ADAMW_DEFAULTS.beta2}, ε ${ADAMW_DEFAULTS.eps})`,
      weightDecay: config.weightDecay,
      evalEvery: config.evalEvery,
      earlyStopping: config.earlyStopping ? `validation ${config.earlyStopping.metric}, patience ${config.earlyStopping.patience}` : 'off',
      ...(req.teacher ? { teacher: req.teacher } : {}),
    },
    data: {
      path: req.data,
      kind: set.source.kind,
      split: set.source.split,
      fingerprint: set.fingerprint,
      examples: set.examples.length,
      langs: set.langs,
      pivot: set.pivot,
      hardNegatives: { count: set.hard?.count ?? 0, window: set.hard?.window ?? req.hardWindow },
      ...(split.heldOutUnits ? { heldOut: split.heldOutUnits } : {}),
    },
    seed: config.seed,
    training: { steps: result.steps, totalSteps: result.totalSteps, stopReason: result.reason, kernel: result.kernel, keptStep: result.keptStep },
    metrics: t
      ? {
          step: result.keptStep,
          split: split.splits.test,
          heldOut: t.trained.overall,
          byLanguage: t.trained.byLanguage,
          base: t.base.overall,
          validation: v
            ? { split: split.splits.validation, step: v.step, metrics: v.metrics, base: result.baseMetrics?.metrics }
            : { split: split.splits.validation },
        }
      : undefined,
  };
}
