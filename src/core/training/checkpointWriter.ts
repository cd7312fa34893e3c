import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';

/**
 * Writes the files of a checkpoint into its folder so that nothing is ever lost (SPEC §6):
 *  - only the files XLens owns (`OWNED_FILES`) are replaced; anything else the user keeps in
 *    the folder (a NOTES.md) stays;
 *  - a folder that holds other things but no checkpoint is refused unless `force` is given;
 *  - the swap is journalled inside the folder, so a write stopped at any point (a kill, a full
 *    disk) is rolled back to the previous checkpoint by the next write or load (`recoverCheckpoint`),
 *    and a half-written checkpoint is never taken for a complete one.
 *
 * Protocol, all in `dir`:
 *  1. write the new files into `.xlens-staging/` (each flushed), then its `.complete` marker;
 *  2. move the current owned files into `.xlens-previous/`, then its `.complete` marker;
 *  3. move the new files from staging into `dir`;
 *  4. rename `.xlens-previous/` to `.xlens-discard/` (the commit point), then delete the journal.
 * Recovery: a `.xlens-previous/` (not renamed yet) means the swap did not commit: its files go
 * back into `dir` and, when its marker says step 3 had begun, new files without an old
 * counterpart are removed. Staging and discard folders are deleted.
 */
export const STAGING_DIR = '.xlens-staging';
export const PREVIOUS_DIR = '.xlens-previous';
export const DISCARD_DIR = '.xlens-discard';
const MARKER = '.complete';
const OWNER = '.owner';

/** Folders being written by this process (a recovery must not undo a live write). */
const active = new Set<string>();

/** Stops a write where a kill would, without its clean-up (tests only). */
export class SimulatedKill extends Error {}

export interface WriteOptions {
  /** Write even into a folder holding other things and no checkpoint (its files are kept). */
  force?: boolean;
  /** Called before each step of the write, with its name (fault-injection tests). */
  beforeStep?: (step: string) => void;
}

/**
 * Replace the owned files of `dir` by `files` (name → bytes). `owned` lists every file name XLens
 * may have written there (the ones to move aside), `isCheckpoint` tells whether `dir` holds one.
 */
export async function writeCheckpointFiles(
  dir: string,
  files: Record<string, string | Uint8Array>,
  owned: readonly string[],
  isCheckpoint: (dir: string) => boolean,
  opts: WriteOptions = {},
): Promise<void> {
  const target = path.resolve(dir);
  const step = (name: string) => opts.beforeStep?.(name);
  if (active.has(target)) throw new UserError(`another training run in this window is writing ${target}`);
  recoverCheckpoint(target);
  assertWritable(target, isCheckpoint, opts.force);
  active.add(target);
  const staging = path.join(target, STAGING_DIR);
  const previous = path.join(target, PREVIOUS_DIR);
  try {
    await fs.promises.mkdir(target, { recursive: true });
    step('stage');
    await fs.promises.mkdir(staging);
    await fs.promises.writeFile(path.join(staging, OWNER), JSON.stringify({ pid: process.pid, files: Object.keys(files) }));
    for (const [name, data] of Object.entries(files)) {
      step(`stage ${name}`);
      await writeFlushed(path.join(staging, name), data);
    }
    step('stage complete');
    await writeFlushed(path.join(staging, MARKER), '');
    step('backup');
    await fs.promises.mkdir(previous);
    for (const name of owned) {
      if (!fs.existsSync(path.join(target, name))) continue;
      step(`backup ${name}`);
      await fs.promises.rename(path.join(target, name), path.join(previous, name));
    }
    step('backup complete');
    await writeFlushed(path.join(previous, MARKER), '');
    for (const name of Object.keys(files)) {
      step(`commit ${name}`);
      await fs.promises.rename(path.join(staging, name), path.join(target, name));
    }
    step('commit');
    await fs.promises.rename(previous, path.join(target, DISCARD_DIR));
    step('clean up');
    removeJournal(target);
  } catch (e) {
    if (!(e instanceof SimulatedKill)) {
      active.delete(target);
      recoverCheckpoint(target);
    }
    throw e;
  } finally {
    active.delete(target);
  }
}

/**
 * Finish or undo an interrupted write of `dir` (see the protocol above); a no-op when there is
 * none. Synchronous, so that every way of opening a checkpoint can call it first. A write that is
 * still running (in this process, or in another one that is alive) is left alone and reported.
 */
export function recoverCheckpoint(dir: string): void {
  const target = path.resolve(dir);
  restoreLegacySwap(target);
  const previous = path.join(target, PREVIOUS_DIR);
  const staging = path.join(target, STAGING_DIR);
  const discard = path.join(target, DISCARD_DIR);
  if (!fs.existsSync(previous) && !fs.existsSync(staging) && !fs.existsSync(discard)) return;
  if (active.has(target) || ownerAlive(staging)) {
    throw new UserError(`${target} is being written by a training run right now; try again when it has finished`);
  }
  if (fs.existsSync(previous)) {
    const committing = fs.existsSync(path.join(previous, MARKER));
    const moved = new Set(fs.readdirSync(previous).filter((f) => f !== MARKER));
    for (const name of moved) fs.renameSync(path.join(previous, name), path.join(target, name));
    if (committing && fs.existsSync(staging)) {
      // Step 3 had begun: a new file already in place without an old one to restore is removed.
      const staged = new Set(fs.readdirSync(staging));
      for (const name of newFilesOf(staging, staged)) if (!moved.has(name)) fs.rmSync(path.join(target, name), { force: true });
    }
  }
  removeJournal(target);
}

/**
 * XLens before this writer swapped whole folders: `DIR` → `DIR.old-<tag>`, then `DIR.tmp-<tag>` →
 * `DIR`. A kill between the two renames left only `DIR.old-<tag>`; when `DIR` is missing, the
 * newest such folder holding a complete checkpoint is moved back.
 */
function restoreLegacySwap(target: string): void {
  if (fs.existsSync(target)) return;
  const parent = path.dirname(target);
  const prefix = `${path.basename(target)}.old-`;
  let names: string[];
  try {
    names = fs.readdirSync(parent).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  const complete = names
    .map((n) => path.join(parent, n))
    .filter((d) => fs.existsSync(path.join(d, 'xlens-checkpoint.json')) && fs.existsSync(path.join(d, 'adapter.safetensors')))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (complete.length > 0) fs.renameSync(complete[0], target);
}

/** Names of the files a staged write brings (those still staged, and those already moved in). */
function newFilesOf(staging: string, staged: Set<string>): string[] {
  const names = new Set([...staged].filter((f) => f !== MARKER && f !== OWNER));
  const manifest = path.join(staging, OWNER);
  try {
    const files = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { files?: string[] }).files ?? [];
    for (const f of files) names.add(f);
  } catch {
    // No manifest: only the staged names are known.
  }
  return [...names];
}

function removeJournal(target: string): void {
  for (const d of [STAGING_DIR, PREVIOUS_DIR, DISCARD_DIR]) fs.rmSync(path.join(target, d), { recursive: true, force: true });
}

function assertWritable(target: string, isCheckpoint: (dir: string) => boolean, force: boolean | undefined): void {
  if (!fs.existsSync(target)) return;
  if (!fs.statSync(target).isDirectory()) throw new UserError(`${target} is a file, not a checkpoint folder; choose another --out`);
  if (force || isCheckpoint(target)) return;
  const entries = fs.readdirSync(target);
  if (entries.length > 0) {
    throw new UserError(`${target} holds ${entries.length} file(s) and is not an XLens checkpoint; choose another --out, or pass --force to add the checkpoint beside them (they are kept)`);
  }
}

/**
 * Whether another live process is writing: its pid answers and its journal is recent (a write
 * takes seconds; an old journal with a live pid is a reused pid after a crash).
 */
function ownerAlive(staging: string): boolean {
  let pid: number;
  try {
    pid = (JSON.parse(fs.readFileSync(path.join(staging, OWNER), 'utf8')) as { pid: number }).pid;
    if (Date.now() - fs.statSync(staging).mtimeMs > 10 * 60_000) return false;
  } catch {
    return false;
  }
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function writeFlushed(file: string, data: string | Uint8Array): Promise<void> {
  const fh = await fs.promises.open(file, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Whether `dir` could take a checkpoint write (for a check before a long training run). */
export function checkWritable(dir: string, isCheckpoint: (dir: string) => boolean, force?: boolean): void {
  const target = path.resolve(dir);
  recoverCheckpoint(target);
  assertWritable(target, isCheckpoint, force);
}
