import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { UserError, throwIfAborted } from '../errors';

/** Strict: invalid bytes throw instead of becoming U+FFFD. The BOM is stripped by hand (line 1). */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const BAD_UTF8 = 'invalid UTF-8 bytes (save the file as UTF-8)';

export interface ReadLinesOptions {
  signal?: AbortSignal;
  /** A line that is not valid UTF-8 (not passed to onLine). Without this, it throws a UserError. */
  onBadLine?: (line: number, reason: string) => void;
}

/** True when the file starts with the gzip magic bytes (1f 8b), whatever its name. */
export function isGzip(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const b = Buffer.alloc(2);
    return fs.readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } catch (e) {
    throw fsError(e, file);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The bytes of `file`, gunzipped on the fly when it is gzip (`corpus.jsonl.gz`), in ~1 MB chunks. */
function byteStream(file: string): AsyncIterable<Buffer> {
  const gz = isGzip(file); // before opening the stream: a missing file is a UserError here
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  if (!gz) return raw;
  const gunzip = zlib.createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/**
 * Streams `file` line by line (1-based numbers; `\n` or `\r\n`; no extra empty line after a final
 * newline), gunzipping it when it is gzip. Each block of complete lines is decoded at once; only
 * a block that fails to decode is re-decoded line by line to find the bad line.
 * Returns the number of lines.
 */
export async function readLines(
  file: string,
  onLine: (text: string, line: number) => void,
  opts: ReadLinesOptions = {},
): Promise<number> {
  let lineNo = 0;
  const emit = (bytes: Uint8Array): void => {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      for (const part of splitBytes(bytes)) emitOne(part);
      return;
    }
    for (const t of text.split('\n')) deliver(t);
  };
  const emitOne = (bytes: Uint8Array): void => {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      lineNo++;
      if (!opts.onBadLine) throw new UserError(BAD_UTF8, { file, line: lineNo });
      opts.onBadLine(lineNo, BAD_UTF8);
      return;
    }
    deliver(text);
  };
  const deliver = (t: string): void => {
    lineNo++;
    if (lineNo === 1 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    onLine(t.endsWith('\r') ? t.slice(0, -1) : t, lineNo);
  };

  // Bytes after the last newline seen; kept as chunks so one very long line stays linear.
  let pending: Buffer[] = [];
  try {
    for await (const chunk of byteStream(file)) {
      throwIfAborted(opts.signal);
      const nl = chunk.lastIndexOf(10);
      if (nl < 0) {
        pending.push(chunk);
        continue;
      }
      emit(pending.length > 0 ? Buffer.concat([...pending, chunk.subarray(0, nl)]) : chunk.subarray(0, nl));
      pending = nl + 1 < chunk.length ? [chunk.subarray(nl + 1)] : [];
    }
  } catch (e) {
    throw fsError(e, file);
  }
  if (pending.length > 0) emitOne(Buffer.concat(pending));
  return lineNo;
}

function* splitBytes(bytes: Uint8Array): Generator<Uint8Array> {
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 10) {
      yield bytes.subarray(start, i);
      start = i + 1;
    }
  }
}

/** Whole-file strict UTF-8 read, for single JSON documents; bad bytes → UserError with the line. */
export function readTextFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw fsError(e, file);
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    let line = 0;
    for (const part of splitBytes(bytes)) {
      line++;
      try {
        decoder.decode(part);
      } catch {
        break;
      }
    }
    throw new UserError(BAD_UTF8, { file, line });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Line of the first occurrence of `needle` in `text`, or undefined. */
export function lineOf(text: string, needle: string): number | undefined {
  const i = text.indexOf(needle);
  return i < 0 ? undefined : lineAt(text, i);
}

/** Parses a JSON document; a syntax error becomes a UserError with the line where it was found. */
export function parseJsonDocument(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // V8 says "at position N", newer versions "(line L column C)", some messages neither.
    const pos = / at position (\d+)/.exec(msg);
    const ln = /\(line (\d+) column \d+\)/.exec(msg);
    const line = ln ? Number(ln[1])
      : pos ? lineAt(text, Number(pos[1]))
      : /end of JSON/.test(msg) ? lineAt(text, text.length) : undefined;
    throw new UserError(`invalid JSON: ${msg}`, { file, line });
  }
}

/** Turns a file-system error into a UserError naming the path. */
export function fsError(e: unknown, file: string): Error {
  if (e instanceof UserError || (e instanceof Error && e.name === 'CancelledError')) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new UserError('no such file or folder', { file });
  if (code === 'EISDIR') return new UserError('is a folder, expected a file', { file });
  if (code === 'EACCES') return new UserError('permission denied', { file });
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return new UserError(`corrupt or truncated gzip data (${(e as Error).message})`, { file });
  return e instanceof Error ? e : new Error(String(e));
}

/** Entries of a folder (sorted), with a UserError when it cannot be read. */
export function listDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    throw fsError(e, dir);
  }
}

export function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch (e) {
    throw fsError(e, p);
  }
}
