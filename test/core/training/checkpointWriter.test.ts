import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../../../src/core/errors';
import { createAdapter } from '../../../src/core/training/adapters';
import { checkpointDirOf } from '../../../src/core/training/adapterEncoder';
import { ADAPTER_FILE, CHECKPOINT_FILE, type CheckpointMeta, checkpointBytes, loadCheckpoint, saveCheckpoint, TRAINING_LOG_FILE } from '../../../src/core/training/checkpoint';
import { DISCARD_DIR, PREVIOUS_DIR, SimulatedKill, STAGING_DIR } from '../../../src/core/training/checkpointWriter';
import { F32 } from '../../../src/core/training/kernels';

/**
 * The checkpoint writer under faults: a write stopped before each of its steps (as a kill would
 * stop it: no clean-up) must leave the previous checkpoint loadable and intact, and never a
 * half-written one that loads as complete.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-ckw-'));

function meta(tag: string): CheckpointMeta {
  return {
    format: 'xlens-checkpoint', version: 1, xlens: 'test',
    base: { source: 'stub', name: 'stub', fingerprint: 'stub', dim: 4, cwd: tmp },
    adapter: { kind: 'linear', dim: 4, tensors: { weight: [4, 4] }, map: 'y = normalise(weight · x)' },
    loss: { kind: tag }, hyperParameters: {},
    data: { path: 'x', kind: 'qa', split: 'x', fingerprint: tag, examples: 1, langs: ['de'], pivot: 'en', hardNegatives: { count: 0, window: [1, 1] } },
    seed: 0, training: { steps: 1, totalSteps: 1, stopReason: 'completed', kernel: 'ts' },
  };
}
const adapterOf = (seed: number) => {
  const a = createAdapter(F32, { kind: 'linear', dim: 4 }, seed);
  a.params[0].value.forEach((_, i, w) => (w[i] = seed + i / 100));
  return a;
};
const OLD = { meta: meta('old'), adapter: adapterOf(1) };
const NEW = { meta: meta('new'), adapter: adapterOf(2) };
const bytesOf = (c: typeof OLD) => checkpointBytes(c.meta, c.adapter);

function assertHolds(dir: string, c: typeof OLD): void {
  const want = bytesOf(c);
  assert.ok(Buffer.from(want.adapter).equals(fs.readFileSync(path.join(dir, ADAPTER_FILE))), 'adapter bytes');
  assert.equal(fs.readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8'), want.json);
}

/** The steps of a write over an existing checkpoint, in order. */
async function stepsOfAWrite(): Promise<string[]> {
  const dir = path.join(tmp, 'steps');
  await saveCheckpoint(dir, OLD.meta, OLD.adapter);
  const steps: string[] = [];
  await saveCheckpoint(dir, NEW.meta, NEW.adapter, { beforeStep: (s) => void steps.push(s) });
  return steps;
}

describe('checkpoint writer', () => {
  it('re-training replaces only XLens files: a NOTES.md in the folder stays', async () => {
    const dir = path.join(tmp, 'notes');
    await saveCheckpoint(dir, OLD.meta, OLD.adapter);
    fs.writeFileSync(path.join(dir, 'NOTES.md'), 'my notes');
    fs.writeFileSync(path.join(dir, TRAINING_LOG_FILE), '{"old": true}');
    await saveCheckpoint(dir, NEW.meta, NEW.adapter);
    assertHolds(dir, NEW);
    assert.equal(fs.readFileSync(path.join(dir, 'NOTES.md'), 'utf8'), 'my notes');
    // The old run's curves do not stay beside the new checkpoint.
    assert.ok(!fs.existsSync(path.join(dir, TRAINING_LOG_FILE)));
    assert.deepEqual(fs.readdirSync(dir).sort(), [ADAPTER_FILE, 'NOTES.md', CHECKPOINT_FILE].sort());
  });

  it('refuses a folder with other files and no checkpoint, unless forced (and then keeps them)', async () => {
    const dir = path.join(tmp, 'foreign');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'data.txt'), 'mine');
    await assert.rejects(saveCheckpoint(dir, NEW.meta, NEW.adapter), (e: unknown) => e instanceof UserError && /--force/.test(e.message));
    assert.deepEqual(fs.readdirSync(dir), ['data.txt']);
    await saveCheckpoint(dir, NEW.meta, NEW.adapter, { force: true });
    assertHolds(dir, NEW);
    assert.equal(fs.readFileSync(path.join(dir, 'data.txt'), 'utf8'), 'mine');
  });

  it('a write that fails (an error, not a kill) restores the previous checkpoint at once', async () => {
    const dir = path.join(tmp, 'error');
    await saveCheckpoint(dir, OLD.meta, OLD.adapter);
    await assert.rejects(
      saveCheckpoint(dir, NEW.meta, NEW.adapter, { beforeStep: (s) => { if (s === `commit ${CHECKPOINT_FILE}`) throw new Error('disk full'); } }),
      /disk full/,
    );
    assertHolds(dir, OLD);
    assert.deepEqual(fs.readdirSync(dir).sort(), [ADAPTER_FILE, CHECKPOINT_FILE].sort());
  });

  it('killed before any step of its final write: the next load finds the previous checkpoint, intact', async () => {
    const steps = await stepsOfAWrite();
    assert.ok(steps.includes(`backup ${ADAPTER_FILE}`) && steps.includes(`commit ${CHECKPOINT_FILE}`) && steps.includes('commit'), steps.join(', '));
    for (const [i, at] of steps.entries()) {
      for (const reader of ['load', 'model source', 'next write'] as const) {
        const dir = path.join(tmp, `kill-${i}-${reader.replace(' ', '-')}`);
        await saveCheckpoint(dir, OLD.meta, OLD.adapter);
        fs.writeFileSync(path.join(dir, 'NOTES.md'), 'notes');
        await assert.rejects(
          saveCheckpoint(dir, NEW.meta, NEW.adapter, { beforeStep: (s) => { if (s === at) throw new SimulatedKill(s); } }),
          SimulatedKill,
        );
        // What the kill left behind is never read as a complete checkpoint: every reader recovers first.
        const committed = at === 'clean up';
        const expected = committed ? NEW : OLD;
        if (reader === 'load') {
          const ck = await loadCheckpoint(dir);
          assert.equal(ck.meta.loss.kind, expected.meta.loss.kind, `killed before "${at}"`);
          assertHolds(dir, expected);
        } else if (reader === 'model source') {
          assert.equal(checkpointDirOf(dir, '/'), dir, `killed before "${at}"`);
          assertHolds(dir, expected);
        } else {
          await saveCheckpoint(dir, NEW.meta, NEW.adapter);
          assertHolds(dir, NEW);
        }
        for (const j of [STAGING_DIR, PREVIOUS_DIR, DISCARD_DIR]) assert.ok(!fs.existsSync(path.join(dir, j)), `killed before "${at}": ${j} left`);
        assert.equal(fs.readFileSync(path.join(dir, 'NOTES.md'), 'utf8'), 'notes');
      }
    }
  });

  it('a folder lost by the old whole-folder swap (only DIR.old-* left) is restored on the next load', async () => {
    const dir = path.join(tmp, 'legacy');
    await saveCheckpoint(dir, OLD.meta, OLD.adapter);
    fs.renameSync(dir, `${dir}.old-123-456-abc`);
    const ck = await loadCheckpoint(dir);
    assert.equal(ck.meta.loss.kind, 'old');
    assertHolds(dir, OLD);
    assert.ok(!fs.existsSync(`${dir}.old-123-456-abc`));
  });

  it('killed during the first write into a new folder: no checkpoint is found there, and the next write succeeds', async () => {
    const steps: string[] = [];
    await saveCheckpoint(path.join(tmp, 'first-steps'), NEW.meta, NEW.adapter, { beforeStep: (s) => void steps.push(s) });
    for (const [i, at] of steps.entries()) {
      if (at === 'clean up') continue;
      const dir = path.join(tmp, `first-${i}`);
      await assert.rejects(saveCheckpoint(dir, NEW.meta, NEW.adapter, { beforeStep: (s) => { if (s === at) throw new SimulatedKill(s); } }), SimulatedKill);
      await assert.rejects(loadCheckpoint(dir), (e: unknown) => e instanceof UserError && /not an XLens checkpoint/.test(e.message), `killed before "${at}"`);
      await saveCheckpoint(dir, NEW.meta, NEW.adapter);
      assertHolds(dir, NEW);
    }
  });
});
