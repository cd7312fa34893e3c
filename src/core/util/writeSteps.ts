/**
 * The steps of every atomic write (`atomicWrite.ts`), announced to an optional hook. Tests install
 * a hook that throws at a chosen step to stop a writer there, as a crash or a kill would, and then
 * check that the previous output is intact and that no half-written output loads as complete.
 * Production code never installs one.
 *
 * - `mkdir`   before creating missing parent folders
 * - `open`    before creating the temp file
 * - `write`   before each chunk of the temp file (a throw at the second leaves a half-written temp)
 * - `sync`    before flushing the temp file to disk
 * - `rename`  before renaming one temp file over its target (a group renames one file at a time)
 * - `cleanup` before removing temp files after a failure (a throw leaves them, as a kill would)
 */
export type WriteStep = 'mkdir' | 'open' | 'write' | 'sync' | 'rename' | 'cleanup';

export interface WriteStepInfo {
  step: WriteStep;
  /** The file being written (its final name). */
  target: string;
  /** The temp file the step works on. */
  temp: string;
}

export type WriteStepHook = (info: WriteStepInfo) => void;

let hook: WriteStepHook | undefined;

/** Install (or with undefined, remove) the test hook; returns the previous one. */
export function setWriteStepHook(h: WriteStepHook | undefined): WriteStepHook | undefined {
  const prev = hook;
  hook = h;
  return prev;
}

export function writeStep(step: WriteStep, target: string, temp: string): void {
  hook?.({ step, target, temp });
}
