import type { Progress } from '../../core/progress';
import type { TrainEvent } from '../../core/training/trainer';
import type {
  TrainingCompareState, TrainingEvalPoint, TrainingJobInfo, TrainingPlan, TrainingSnapshot, TrainingStatus, TrainingSummary, TrainingToWebview,
} from '../../protocol/training';
import { StepRecords } from './stepRecords';

type Listener = (m: TrainingToWebview) => void;

/**
 * One training job as the extension host sees it: everything its events said so far (so a
 * panel opened or re-shown late draws the whole run), the two ways to end it (stop keeps what
 * was trained, cancel keeps nothing) and the panels listening. Step events arrive up to ~100 a
 * second; they are posted in batches every `flushMs` so the webview redraws a few times a second.
 */
export class TrainingJob {
  status: TrainingStatus = 'preparing';
  plan?: TrainingPlan;
  phase?: string;
  readonly steps = new StepRecords();
  readonly evals: TrainingEvalPoint[] = [];
  bestStep?: number;
  summary?: TrainingSummary;
  message?: string;
  compare?: { state: TrainingCompareState; message: string };
  /** Aborted by the panel's Stop button: training ends early and the checkpoint is written. */
  readonly stop = new AbortController();
  /** Aborted by the progress notification's Cancel: nothing is written. */
  readonly cancel = new AbortController();

  private readonly listeners = new Set<Listener>();
  private sent = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private lastPhaseAt = 0;

  constructor(
    readonly info: TrainingJobInfo,
    private readonly flushMs = 150,
  ) {}

  get ended(): boolean {
    return isEnded(this.status);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): TrainingSnapshot {
    return {
      job: this.info,
      status: this.status,
      plan: this.plan,
      phase: this.phase,
      steps: this.steps.columns(),
      evals: this.evals.slice(),
      summary: this.summary,
      message: this.message,
      compare: this.compare,
    };
  }

  onEvent(e: TrainEvent): void {
    switch (e.type) {
      case 'start':
        this.plan = { totalSteps: e.totalSteps, stepsPerEpoch: e.stepsPerEpoch, epochs: e.epochs, examples: e.examples, langs: e.langs, kernel: e.kernel };
        this.status = 'training';
        this.phase = undefined;
        this.emitStatus();
        break;
      case 'step':
        this.steps.push(e);
        this.timer ??= setTimeout(() => this.flush(), this.flushMs);
        break;
      case 'eval': {
        this.flush();
        const point: TrainingEvalPoint = { step: e.step, epoch: e.epoch, metrics: e.metrics, byLanguage: e.byLanguage, best: e.best };
        this.evals.push(point);
        this.emit({ type: 'training/eval', point });
        break;
      }
      case 'done':
        this.flush();
        this.bestStep = e.bestStep;
        break;
    }
  }

  /** Progress of the preparation phases (loading, encoding, mining), at most a few updates a second. */
  onProgress(p: Progress, now = Date.now()): void {
    if (this.status !== 'preparing') return;
    this.phase = p.total ? `${p.phase} ${p.done}/${p.total}` : p.phase;
    if (now - this.lastPhaseAt < 250 && p.done !== p.total) return;
    this.lastPhaseAt = now;
    this.emitStatus();
  }

  finish(summary: TrainingSummary): void {
    this.flush();
    this.status = summary.reason;
    this.summary = summary;
    this.emitStatus();
  }

  fail(status: 'cancelled' | 'failed', message: string): void {
    this.flush();
    this.status = status;
    this.message = message;
    this.phase = undefined;
    this.emitStatus();
  }

  setCompare(state: TrainingCompareState, message: string): void {
    this.compare = { state, message };
    this.emit({ type: 'training/compare', state, message });
  }

  /** Post the steps not yet sent. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.sent === this.steps.count) return;
    const steps = this.steps.columns(this.sent);
    this.sent = this.steps.count;
    this.emit({ type: 'training/steps', steps });
  }

  private emitStatus(): void {
    this.emit({ type: 'training/status', status: this.status, plan: this.plan, phase: this.phase, summary: this.summary, message: this.message });
  }

  private emit(m: TrainingToWebview): void {
    for (const l of this.listeners) l(m);
  }
}

export function isEnded(s: TrainingStatus | undefined): boolean {
  return s !== undefined && s !== 'preparing' && s !== 'training';
}

/** Statuses whose checkpoint folder holds the job's result. */
export function isSaved(s: TrainingStatus | undefined): boolean {
  return s === 'completed' || s === 'early-stop' || s === 'stopped';
}

/** The jobs of this extension-host session, by id (ended ones stay, so their panels can be re-shown). */
export const trainingJobs = new Map<string, TrainingJob>();
