import * as assert from 'node:assert/strict';
import { setWriteStepHook, type WriteStepInfo } from '../../src/core/util/writeSteps';

/** What a simulated kill throws; every later write step throws it too, so no cleanup runs. */
export class Killed extends Error {
  constructor(readonly at: WriteStepInfo) {
    super(`killed at ${at.step} of ${at.target}`);
  }
}

/** The write steps one run of `write` goes through. */
export async function recordSteps(write: () => Promise<unknown>): Promise<WriteStepInfo[]> {
  const steps: WriteStepInfo[] = [];
  const prev = setWriteStepHook((s) => void steps.push(s));
  try {
    await write();
  } finally {
    setWriteStepHook(prev);
  }
  return steps;
}

/**
 * Stops `write` at each of its write steps in turn, as a kill would (the step throws, and so does
 * every later one, so temp files stay behind), and calls `check` after each stop. `reset` puts the
 * previous output back before each attempt. Returns the steps, so a test can assert it saw them.
 * `select` limits the stops to some steps (for slow writers, e.g. only each file's rename).
 */
export async function atEveryKillPoint(
  write: () => Promise<unknown>,
  reset: () => Promise<void> | void,
  check: (at: WriteStepInfo, index: number) => Promise<void> | void,
  select: (s: WriteStepInfo) => boolean = () => true,
): Promise<WriteStepInfo[]> {
  await reset();
  const steps = await recordSteps(write);
  assert.ok(steps.length > 0, 'the writer went through no write step: is it using util/atomicWrite?');
  for (let i = 0; i < steps.length; i++) {
    if (!select(steps[i])) continue;
    await reset();
    let n = 0;
    let killed: Killed | undefined;
    const prev = setWriteStepHook((s) => {
      if (killed) throw killed;
      if (n++ === i) throw (killed = new Killed(s));
    });
    try {
      await assert.rejects(write(), (e: unknown) => e instanceof Killed || (e instanceof Error && e.message.includes('killed at')));
    } finally {
      setWriteStepHook(prev);
    }
    await check(steps[i], i);
  }
  return steps;
}
