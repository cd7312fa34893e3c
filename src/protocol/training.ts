import type { LanguageNames } from '../core/data/languageLabel';
/**
 * Training panel: the live curves of one adapter-training job (total loss and each component,
 * learning rate, held-out metrics over steps), its summary at the end, and the comparison of the
 * checkpoint with its base model. Step records travel in columns of Float64 ArrayBuffers.
 */

/** The job as the panel shows it; kept in the webview state so a reloaded window can find it. */
export interface TrainingJobInfo {
  id: string;
  /** Absolute path of the checkpoint folder the job writes. */
  checkpoint: string;
  /** The same, relative to the workspace (for display). */
  checkpointLabel: string;
  /** Training data (absolute path) and its display name. */
  data: string;
  dataLabel: string;
  /** Format forced by the user (`train-jsonl` for a training JSONL), when any. */
  format?: string;
  /** Base model source, as the model picker gave it. */
  model: string;
  loss: string;
  adapter: string;
  /** Target languages (without the pivot). */
  langs: string[];
  pivot: string;
  /** English names of the languages and the pivot (`de — German` in the panel). */
  languageNames?: LanguageNames;
  epochs: number;
  /** At least this many steps, in whole epochs (0 = exactly `epochs`). */
  minSteps?: number;
  batchSize: number;
  lr: number;
  seed: number;
  evalEvery: number;
  /** The validation metric that picks the best step (early stopping's metric, else bilingual Max@R). */
  trackedMetric: string;
  /** Folder that relative model sources resolve against (the workspace folder). */
  cwd: string;
}

export type TrainingStatus =
  /** Loading, encoding with the base model, mining hard negatives. */
  | 'preparing'
  | 'training'
  /** Ended with a checkpoint written. */
  | 'completed'
  | 'early-stop'
  | 'stopped'
  /** Cancelled from the progress notification: nothing written. */
  | 'cancelled'
  | 'failed'
  /** The window reloaded while the job ran: its worker ended with the old extension host. */
  | 'gone';

/** The trainer's plan, known once training starts. */
export interface TrainingPlan {
  totalSteps: number;
  stepsPerEpoch: number;
  /** Epochs the run makes (more than asked when a minimum step count needs them). */
  epochs?: number;
  examples: number;
  langs: string[];
  kernel: string;
}

/**
 * Step records in columns: each buffer holds `count` Float64 values. A component absent at a
 * step (MIMO's stage 1 has no InfoNCE) is NaN there; `stage` is 0 outside MIMO.
 */
export interface TrainingStepColumns {
  count: number;
  step: ArrayBuffer;
  epoch: ArrayBuffer;
  loss: ArrayBuffer;
  lr: ArrayBuffer;
  /** Seconds since training started. */
  elapsed: ArrayBuffer;
  stage: ArrayBuffer;
  components: Record<string, ArrayBuffer>;
}

/** One validation evaluation (the split carved from the training units): macro averages over the target languages, and per language. */
export interface TrainingEvalPoint {
  step: number;
  epoch: number;
  metrics: Record<string, number>;
  byLanguage: Record<string, Record<string, number>>;
  /** The tracked metric improved on every earlier evaluation here. */
  best: boolean;
}

/** What the panel shows once a checkpoint is written. */
export interface TrainingSummary {
  reason: 'completed' | 'early-stop' | 'stopped';
  steps: number;
  totalSteps: number;
  bestStep?: number;
  /** TEST figures (held-out units, measured once after training) of the saved parameters (step `metricsStep`) and of the base model. */
  metricsStep?: number;
  heldOut?: Record<string, number>;
  base?: Record<string, number>;
  /** Which units produced `heldOut`/`base`, e.g. `test: held-out articles, 24 of 48 (measured once, after training)`. */
  testSplit?: string;
  /** Which units produced the curves and chose the step, e.g. `validation: 5 of the 24 training articles …`. */
  validationSplit?: string;
  checkpoint: string;
  checkpointLabel: string;
}

export type TrainingCompareState = 'running' | 'done' | 'failed';

/** Everything the panel needs to draw a job from scratch (first load, and after any reload). */
export interface TrainingSnapshot {
  job: TrainingJobInfo;
  status: TrainingStatus;
  plan?: TrainingPlan;
  /** What the job is doing while preparing, e.g. `encoding training texts 300/1200`. */
  phase?: string;
  steps: TrainingStepColumns;
  evals: TrainingEvalPoint[];
  summary?: TrainingSummary;
  /** Why the job failed, or a note about what is shown. */
  message?: string;
  compare?: { state: TrainingCompareState; message: string };
}

export type TrainingToWebview =
  | { type: 'training/snapshot'; snapshot: TrainingSnapshot }
  /** Steps since the last message, appended to the curves. */
  | { type: 'training/steps'; steps: TrainingStepColumns }
  | { type: 'training/eval'; point: TrainingEvalPoint }
  | { type: 'training/status'; status: TrainingStatus; plan?: TrainingPlan; phase?: string; summary?: TrainingSummary; message?: string }
  | { type: 'training/compare'; state: TrainingCompareState; message: string };

export type TrainingFromWebview =
  /** End training early and save what was trained. */
  | { type: 'training/stop' }
  /** Evaluate base and checkpoint on the held-out split and open the Compare view. */
  | { type: 'training/compare' };

/** What the training webview keeps with setState. */
export interface TrainingState {
  job?: TrainingJobInfo;
  /** The last status shown: a restored panel whose job had not ended reports it gone. */
  status?: TrainingStatus;
  /** Loss series hidden from the loss chart (legend toggles). */
  hiddenSeries: string[];
  /** Held-out figures shown: '' = the macro average, else one target language. */
  language: string;
}
