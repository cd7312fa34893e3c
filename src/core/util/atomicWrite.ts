import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsError } from './fsErrors';
import { checkOutputPath } from './outputPath';
import { writeStep } from './writeSteps';

/** What a file holds: text (UTF-8), bytes, or a sequence of chunks written in order (streamed). */
export type FileData = string | Uint8Array | Iterable<string | Uint8Array>;

export interface FileToWrite {
  file: string;
  data: FileData;
}

/**
 * Write a file so readers never see half of it: write a temp file beside it, flush it, then rename
 * it over the target. Missing parent folders are created (one rule for every writer); a target
 * that is a folder, a parent that is a file, no permission or no space end in a UserError naming
 * the path, never in a stack trace.
 */
export async function writeFileAtomic(file: string, data: FileData): Promise<void> {
  await writeFilesAtomic([{ file, data }]);
}

/**
 * Write several files that belong together: every temp file is written and flushed first, then
 * they are renamed in the order given. A stop before the first rename leaves every previous file
 * as it was; a stop between renames leaves a mix, so a group needs a way to tell (the vector
 * table pair puts a manifest of content hashes first: see `encoders/vectorPair.ts`).
 */
export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<void> {
  const targets = files.map((f) => path.resolve(f.file));
  for (const t of targets) await prepareTarget(t);
  const temps: string[] = [];
  try {
    for (const [i, f] of files.entries()) {
      const tmp = tempName(targets[i]);
      temps.push(tmp);
      await writeTemp(targets[i], tmp, f.data);
    }
    for (const [i, t] of targets.entries()) {
      writeStep('rename', t, temps[i]);
      try {
        await fs.promises.rename(temps[i], t);
      } catch (e) {
        throw fsError(e, t);
      }
    }
  } catch (e) {
    for (const [i, tmp] of temps.entries()) {
      writeStep('cleanup', targets[i], tmp);
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined); // keep the error that matters
    }
    throw e;
  }
}

/** `<file>.<pid>.<random>.tmp`: unique per writer; no reader of XLens files picks up `.tmp` names. */
function tempName(target: string): string {
  return `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** The target must not be a folder; its parent folders are created when missing. */
async function prepareTarget(target: string): Promise<void> {
  checkOutputPath(target, 'file');
  const dir = path.dirname(target);
  writeStep('mkdir', target, dir);
  try {
    await fs.promises.mkdir(dir, { recursive: true });
  } catch (e) {
    throw fsError(e, dir);
  }
}

async function writeTemp(target: string, tmp: string, data: FileData): Promise<void> {
  writeStep('open', target, tmp);
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(tmp, 'wx');
  } catch (e) {
    throw fsError(e, target);
  }
  try {
    for (const chunk of chunks(data)) {
      writeStep('write', target, tmp);
      await fh.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    }
    writeStep('sync', target, tmp);
    await fh.sync();
  } catch (e) {
    throw fsError(e, target);
  } finally {
    await fh.close();
  }
}

/** A single string or buffer goes in two halves, so a stop between them leaves a half-written temp. */
function* chunks(data: FileData): Generator<string | Uint8Array> {
  if (typeof data === 'string') data = Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) {
    const half = data.length >> 1;
    yield data.subarray(0, half);
    yield data.subarray(half);
    return;
  }
  let pending: Array<string | Uint8Array> = [];
  let size = 0;
  // Group small chunks (e.g. one JSONL line each) into writes of about 1 MB.
  for (const c of data) {
    pending.push(c);
    size += c.length;
    if (size >= 1 << 20) {
      yield join(pending);
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) yield join(pending);
}

function join(parts: Array<string | Uint8Array>): Uint8Array {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

