import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { fsError } from './fsErrors';

/**
 * Checks, before any work, that `target` can become an output of the given kind: a file that is
 * not an existing folder (or a folder that is not an existing file), under a path whose nearest
 * existing ancestor is a writable folder. Missing parent folders are fine: writers create them
 * (`atomicWrite.ts`). Throws a UserError naming the path; returns the absolute path.
 */
export function checkOutputPath(target: string, kind: 'file' | 'folder', flag?: string, example = 'out.json'): string {
  const abs = path.resolve(target);
  const what = flag ? `${flag} ` : '';
  const st = statOrUndefined(abs);
  if (st?.isDirectory() && kind === 'file') {
    throw new UserError(`is a folder; ${what}needs a file name`, { file: abs, hint: `name a file inside it, e.g. ${path.join(abs, example)}` });
  }
  if (st && !st.isDirectory() && kind === 'folder') {
    throw new UserError(`is a file; ${what}needs a folder (a new one, or one to replace)`, { file: abs });
  }
  let dir = path.dirname(abs);
  for (;;) {
    const ds = statOrUndefined(dir);
    if (ds) {
      if (!ds.isDirectory()) throw new UserError(`cannot write here: ${dir} is a file, not a folder`, { file: abs });
      try {
        fs.accessSync(dir, fs.constants.W_OK);
      } catch (e) {
        throw fsError(e, dir);
      }
      return abs;
    }
    const up = path.dirname(dir);
    if (up === dir) return abs;
    dir = up;
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new UserError('cannot write here: a part of this path is a file, not a folder', { file: p });
    throw fsError(e, p);
  }
}
