import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { UserError, throwIfAborted } from '../errors';
import { fsError } from '../util/fsErrors';

export { fsError };

/** Strict: invalid bytes throw instead of becoming U+FFFD. The BOM is stripped by hand (line 1). */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const BAD_UTF8 = 'invalid UTF-8 bytes (save the file as UTF-8)';
const NUL = 'NUL byte (\\0) in the text: a binary file, or UTF-16? (save the file as UTF-8)';

/** Longest line `readLines` accepts (a record per line: anything longer is the wrong file). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Largest file `readTextFile` decodes whole (V8 strings stop at ~2^29 characters). */
export const MAX_DOCUMENT_BYTES = 500 * 1024 * 1024;

export interface ReadLinesOptions {
  signal?: AbortSignal;
  /** A line that is not valid UTF-8 (not passed to onLine). Without this, it throws a UserError. */
  onBadLine?: (line: number, reason: string) => void;
  /** Every byte read, in order (e.g. to hash the file in the same pass). */
  onBytes?: (chunk: Uint8Array) => void;
  /** Longest line accepted, in bytes (default MAX_LINE_BYTES); a longer one is a UserError. */
  maxLineBytes?: number;
}

const mb = (n: number): string => `${+(n / (1024 * 1024)).toFixed(1)} MB`;

/** UTF-16 files start with a byte-order mark that is not UTF-8: say so instead of "invalid UTF-8". */
function checkNotUtf16(first: Uint8Array, file: string): void {
  if (first.length >= 2 && ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff))) {
    throw new UserError('the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8', { file, line: 1 });
  }
}

/** Throws a UserError at the line of the first NUL byte of `bytes` (which starts at line `first`). */
function checkNoNul(bytes: Uint8Array, file: string, first: number): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buf.indexOf(0);
  if (at < 0) return;
  let line = first;
  for (let i = buf.indexOf(10); i !== -1 && i < at; i = buf.indexOf(10, i + 1)) line++;
  throw new UserError(NUL, { file, line });
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
  const maxLine = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const emit = (bytes: Uint8Array): void => {
    checkNoNul(bytes, file, lineNo + 1);
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

  const tooLong = (): UserError =>
    new UserError(`line ${lineNo + 1} is longer than ${mb(maxLine)} (one record per line: is this the right file?)`, { file, line: lineNo + 1 });

  // Bytes after the last newline seen; kept as chunks so one very long line stays linear.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let first = true;
  try {
    for await (const chunk of byteStream(file)) {
      throwIfAborted(opts.signal);
      if (first) checkNotUtf16(chunk, file);
      first = false;
      opts.onBytes?.(chunk);
      const nl = chunk.lastIndexOf(10);
      if (nl < 0) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes > maxLine) throw tooLong();
        continue;
      }
      if (pendingBytes + chunk.indexOf(10) > maxLine) throw tooLong();
      emit(pending.length > 0 ? Buffer.concat([...pending, chunk.subarray(0, nl)]) : chunk.subarray(0, nl));
      pending = nl + 1 < chunk.length ? [chunk.subarray(nl + 1)] : [];
      pendingBytes = chunk.length - nl - 1;
    }
  } catch (e) {
    throw fsError(e, file);
  }
  if (pending.length > 0) {
    const last = Buffer.concat(pending);
    checkNoNul(last, file, lineNo + 1);
    emitOne(last);
  }
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
    const size = fs.statSync(file).size;
    if (size > MAX_DOCUMENT_BYTES) {
      throw new UserError(`the file is ${mb(size)}; JSON documents are read whole, up to ${mb(MAX_DOCUMENT_BYTES)}`, {
        file, hint: 'split it, or convert it to JSONL (one record per line)',
      });
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw fsError(e, file);
  }
  checkNotUtf16(bytes, file);
  checkNoNul(bytes, file, 1);
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
