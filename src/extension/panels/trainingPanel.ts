import type { TrainingJobInfo, TrainingSnapshot, TrainingState, TrainingStatus, TrainingSummary } from '../../protocol/training';
import { compareWithBase } from '../training/compareWithBase';
import { StepRecords } from '../training/stepRecords';
import { isEnded, isSaved, trainingJobs } from '../training/trainingJob';
import { readCheckpointMeta, readTrainingLog } from '../training/trainingLog';
import type { XlensPanel, PanelBehaviour } from './panel';
import type { PanelDeps } from './registry';

/**
 * The training panel's host side. While its job lives in this extension host, the panel gets a
 * snapshot on every `ready` and then each event as it arrives. After a window reload the job's
 * worker is gone: an ended job is redrawn from its checkpoint (description + training log), a
 * job that was still running is reported gone.
 */
export function trainingBehaviour(deps: PanelDeps): PanelBehaviour<TrainingState> {
  const bound = new WeakMap<XlensPanel, { job: TrainingJobInfo; unsubscribe?: () => void }>();

  return {
    async load(panel, state) {
      const info = state?.job ?? bound.get(panel)?.job;
      if (!info) {
        await panel.post({ type: 'unavailable', message: 'This panel has no training job: start one with "XLens: Train Alignment Adapter…".' });
        return;
      }
      const previous = bound.get(panel);
      previous?.unsubscribe?.();
      const live = trainingJobs.get(info.id);
      if (live) {
        const unsubscribe = live.subscribe((m) => void panel.post(m));
        if (!previous) panel.webviewPanel.onDidDispose(() => bound.get(panel)?.unsubscribe?.());
        bound.set(panel, { job: info, unsubscribe });
        await panel.post({ type: 'training/snapshot', snapshot: live.snapshot() });
        return;
      }
      bound.set(panel, { job: info });
      await panel.post({ type: 'training/snapshot', snapshot: await restoredSnapshot(info, state?.status) });
    },

    async onMessage(panel, m) {
      const info = bound.get(panel)?.job;
      if (!info) return;
      const live = trainingJobs.get(info.id);
      if (m.type === 'training/stop') {
        if (!live || live.ended) return;
        // Before the first step there is nothing to keep: stopping then is cancelling.
        if (live.status === 'preparing') live.cancel.abort();
        else live.stop.abort();
        deps.log.info(`training ${info.checkpointLabel}: stop requested`);
      } else if (m.type === 'training/compare') {
        const notify = live
          ? (state: 'running' | 'done' | 'failed', message: string) => live.setCompare(state, message)
          : (state: 'running' | 'done' | 'failed', message: string) => void panel.post({ type: 'training/compare', state, message });
        await compareWithBase(deps, info, notify);
      }
    },
  };
}

/** What a panel restored after a window reload shows: the checkpoint's curves, or why there are none. */
export async function restoredSnapshot(info: TrainingJobInfo, lastStatus: TrainingStatus | undefined): Promise<TrainingSnapshot> {
  const empty = new StepRecords().columns();
  const [meta, log] = await Promise.all([readCheckpointMeta(info.checkpoint), readTrainingLog(info.checkpoint)]);
  const ownLog = log?.jobId === info.id;
  if (!isEnded(lastStatus) && !ownLog) {
    return {
      job: info, status: 'gone', steps: empty, evals: [],
      message: 'This training job was still running when the window reloaded; its worker ended with the old window and nothing was saved. Start it again with "XLens: Train Alignment Adapter…".',
    };
  }
  if (!isSaved(lastStatus) && !ownLog) {
    return { job: info, status: lastStatus ?? 'gone', steps: empty, evals: [], message: lastStatus === 'cancelled' ? 'The job was cancelled; nothing was saved.' : 'The job failed; nothing was saved.' };
  }
  if (!meta) {
    return { job: info, status: lastStatus ?? 'gone', steps: empty, evals: [], message: `The checkpoint ${info.checkpointLabel} no longer exists.` };
  }
  const fromMeta: TrainingSummary = {
    reason: meta.training.stopReason === 'early-stop' || meta.training.stopReason === 'stopped' ? meta.training.stopReason : 'completed',
    steps: meta.training.steps,
    totalSteps: meta.training.totalSteps,
    metricsStep: meta.metrics?.step,
    heldOut: meta.metrics?.heldOut,
    base: meta.metrics?.base,
    testSplit: meta.metrics?.split,
    validationSplit: meta.metrics?.validation?.split,
    checkpoint: info.checkpoint,
    checkpointLabel: info.checkpointLabel,
  };
  if (log) {
    const summary = { ...fromMeta, bestStep: log.summary.bestStep };
    return {
      job: info, status: summary.reason, plan: log.plan, steps: log.steps.columns(), evals: log.evals, summary,
      message: ownLog ? undefined : 'The checkpoint was rewritten by a later training run; these are that run\u2019s curves.',
    };
  }
  // The curves are validation figures: only the description's validation points may stand in for them.
  const v = meta.metrics?.validation;
  const evals = [
    ...(v?.base ? [{ step: 0, epoch: 0, metrics: v.base, byLanguage: {}, best: false }] : []),
    ...(v?.metrics && v.step !== undefined ? [{ step: v.step, epoch: meta.hyperParameters.epochs as number, metrics: v.metrics, byLanguage: {}, best: true }] : []),
  ];
  return {
    job: info, status: fromMeta.reason, steps: empty, evals, summary: fromMeta,
    message: 'No training log beside this checkpoint: the figures come from its description, the loss curves are not available.',
  };
}
