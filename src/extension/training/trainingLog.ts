import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckpointMeta } from '../../core/training/checkpoint';
import { CHECKPOINT_FILE, TRAINING_LOG_FILE } from '../../core/training/checkpoint';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import type { TrainingEvalPoint, TrainingPlan, TrainingSummary } from '../../protocol/training';
import { StepRecords, type StepRecordsJson } from './stepRecords';

/**
 * The curves of a finished job, written beside the checkpoint's own files
 * (`<checkpoint>/training-log.json`) so the training panel can redraw them after a window reload.
 * The checkpoint itself (adapter + description) stays as the engine wrote it; retraining into
 * the same folder replaces XLens's own files (this one included) and keeps the user's.
 */
export { TRAINING_LOG_FILE };

interface TrainingLogJson {
  format: 'xlens-training-log';
  version: 1;
  jobId: string;
  plan?: TrainingPlan;
  steps: StepRecordsJson;
  evals: TrainingEvalPoint[];
  summary: TrainingSummary;
}

export interface TrainingLog {
  jobId: string;
  plan?: TrainingPlan;
  steps: StepRecords;
  evals: TrainingEvalPoint[];
  summary: TrainingSummary;
}

export async function writeTrainingLog(dir: string, log: TrainingLog): Promise<void> {
  const json: TrainingLogJson = { format: 'xlens-training-log', version: 1, jobId: log.jobId, plan: log.plan, steps: log.steps.toJSON(), evals: log.evals, summary: log.summary };
  await writeFileAtomic(path.join(dir, TRAINING_LOG_FILE), JSON.stringify(json) + '\n');
}

/** The log of the checkpoint at `dir`, or undefined when there is none (or it is unreadable). */
export async function readTrainingLog(dir: string): Promise<TrainingLog | undefined> {
  try {
    const j = JSON.parse(await fs.promises.readFile(path.join(dir, TRAINING_LOG_FILE), 'utf8')) as TrainingLogJson;
    if (j.format !== 'xlens-training-log') return undefined;
    return { jobId: j.jobId, plan: j.plan, steps: StepRecords.fromJSON(j.steps), evals: j.evals, summary: j.summary };
  } catch {
    return undefined;
  }
}

export async function readCheckpointMeta(dir: string): Promise<CheckpointMeta | undefined> {
  try {
    return JSON.parse(await fs.promises.readFile(path.join(dir, CHECKPOINT_FILE), 'utf8')) as CheckpointMeta;
  } catch {
    return undefined;
  }
}
