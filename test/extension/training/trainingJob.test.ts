import assert from 'node:assert/strict';
import { Curves } from '../../../webview/training/curves';
import { TrainingJob } from '../../../src/extension/training/trainingJob';
import type { TrainingJobInfo, TrainingToWebview } from '../../../src/protocol/training';

const info: TrainingJobInfo = {
  id: 'j1', checkpoint: '/ws/.xlens/checkpoints/x', checkpointLabel: '.xlens/checkpoints/x', data: '/ws/data', dataLabel: 'data', model: 'builtin:char-ngram',
  loss: 'jsd', adapter: 'linear', langs: ['de'], pivot: 'en', epochs: 1, batchSize: 8, lr: 1e-4, seed: 0, evalEvery: 2, trackedMetric: 'bilingual.Max@R', cwd: '/ws',
};
const stepEvent = (step: number) => ({ type: 'step' as const, step, epoch: 1, epochProgress: step / 4, loss: 1 / step, components: { infonce: 0.5 / step, jsd: 0.5 / step }, lr: 1e-4, elapsed: step / 10 });

describe('a training job as the extension host keeps it', () => {
  it('batches steps, orders evaluations after the steps before them, and ends with a summary', async () => {
    const job = new TrainingJob(info, 5);
    const seen: TrainingToWebview[] = [];
    job.subscribe((m) => seen.push(m));
    job.onProgress({ phase: 'encoding training texts', done: 1, total: 2 }, 1000);
    job.onProgress({ phase: 'encoding training texts', done: 1, total: 2 }, 1100); // throttled
    job.onEvent({ type: 'start', totalSteps: 4, stepsPerEpoch: 4, epochs: 1, examples: 32, langs: ['de'], kernel: 'wasm' });
    job.onEvent({ type: 'eval', step: 0, epoch: 0, metrics: { 'bilingual.Max@R': 3 }, byLanguage: {}, best: true });
    job.onEvent(stepEvent(1));
    job.onEvent(stepEvent(2));
    job.onEvent({ type: 'eval', step: 2, epoch: 1, metrics: { 'bilingual.Max@R': 2.5 }, byLanguage: {}, best: true });
    job.onEvent(stepEvent(3));
    await new Promise((r) => setTimeout(r, 20));
    job.onEvent(stepEvent(4));
    job.onEvent({ type: 'done', step: 4, reason: 'completed', bestStep: 2 });
    job.finish({ reason: 'completed', steps: 4, totalSteps: 4, bestStep: job.bestStep, checkpoint: info.checkpoint, checkpointLabel: info.checkpointLabel });
    assert.deepEqual(seen.map((m) => (m.type === 'training/steps' ? `steps:${m.steps.count}` : m.type === 'training/status' ? `status:${m.status}` : m.type)), [
      'status:preparing', 'status:training', 'training/eval', 'steps:2', 'training/eval', 'steps:1', 'steps:1', 'status:completed',
    ]);
    assert.equal(job.bestStep, 2);
    assert.ok(job.ended);
    // A panel opened late draws the same curves from the snapshot.
    const c = new Curves();
    c.append(job.snapshot().steps);
    assert.deepEqual(c.step, [1, 2, 3, 4]);
    assert.equal(job.snapshot().evals.length, 2);
  });

  it('a failure keeps the steps so far and says why', () => {
    const job = new TrainingJob(info, 1000);
    job.onEvent(stepEvent(1));
    job.fail('failed', 'boom');
    assert.equal(job.status, 'failed');
    assert.equal(job.snapshot().message, 'boom');
    assert.equal(job.snapshot().steps.count, 1);
  });
});
