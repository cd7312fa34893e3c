import { CancelledError, UserError } from '../errors';

/** Node error codes a user can cause with a path, and what to tell them. */
const MESSAGES: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder, expected a file',
  ENOTDIR: 'a part of this path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted (is the file open in another program, or read-only?)',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links in the path',
  EMFILE: 'too many open files',
  EBUSY: 'the file is busy (in use by another program?)',
};

/**
 * Turns a file-system error into a UserError naming the path (the CLI exits 2 with the message,
 * not a stack trace). Errors that are not about the path (bugs) are returned unchanged.
 */
export function fsError(e: unknown, file: string): Error {
  if (e instanceof UserError || e instanceof CancelledError) return e;
  if (e instanceof Error && e.name === 'CancelledError') return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const msg = code ? MESSAGES[code] : undefined;
  if (msg) return new UserError(msg, { file });
  // zlib's codes: a .gz input that is not gzip or ends early (data/lines.ts gunzips as it reads).
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return new UserError(`corrupt or truncated gzip data (${(e as Error).message})`, { file });
  return e instanceof Error ? e : new Error(String(e));
}
