import type { LoadContext } from './context';
import { readLines } from './lines';

export type Delimiter = ',' | '\t';

const QUOTED_TSV = /^"(?:[^"]|"")*"$/;

/** TSV fields: split on tabs; a field wholly in double quotes (as pandas writes them) is unquoted. */
export function splitTsv(text: string): string[] {
  const fields = text.split('\t');
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.length >= 2 && f.charCodeAt(0) === 34 && QUOTED_TSV.test(f)) fields[i] = f.slice(1, -1).replace(/""/g, '"');
  }
  return fields;
}

/**
 * Streams the records of a delimited file with their 1-based starting line; blank lines are
 * ignored. CSV follows RFC 4180 (quoted fields may contain commas, `""` and line breaks); TSV
 * records are single lines (see `splitTsv`). Malformed quoting is a problem, the record skipped.
 */
export async function readRecords(
  file: string,
  delimiter: Delimiter,
  ctx: LoadContext,
  onRecord: (fields: string[], line: number) => void,
): Promise<void> {
  // CSV state carried across lines while a quoted field is open.
  let fields: string[] = [];
  let cur = '';
  let open = false;
  let start = 0;
  /** Line where the last quoted field opened: an unterminated quote is reported there. */
  let quoteLine = 0;

  const csvLine = (text: string, line: number): void => {
    if (!open) {
      if (text.trim() === '') return;
      if (!text.includes('"')) return onRecord(text.split(','), line);
      fields = [];
      cur = '';
      start = line;
    } else {
      cur += '\n';
    }
    let closed = false; // just after a closing quote
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (open) {
        if (c !== '"') {
          cur += c;
        } else if (text[i + 1] === '"') {
          cur += '"';
          i++;
        } else {
          open = false;
          closed = true;
        }
      } else if (c === ',') {
        fields.push(cur);
        cur = '';
        closed = false;
      } else if (closed) {
        if (quoteLine < line) {
          // The quote that "closed" here opened lines earlier: most likely that one was never closed.
          ctx.problem(file, quoteLine,
            `unterminated quoted field? a " opened here runs to line ${line}, where '${c}' follows what closes it; record skipped`);
        } else {
          ctx.problem(file, line, `unexpected character '${c}' after a closing quote (RFC 4180: double a quote inside a quoted field); record skipped`);
        }
        return;
      } else if (c === '"' && cur === '') {
        open = true;
        quoteLine = line;
      } else {
        cur += c;
      }
    }
    if (open) return;
    fields.push(cur);
    onRecord(fields, start);
  };

  await readLines(file, (text, line) => {
    if (delimiter === ',') csvLine(text, line);
    else if (text.trim() !== '') onRecord(splitTsv(text), line);
  }, {
    signal: ctx.signal,
    onBadLine: (line, reason) => {
      open = false;
      ctx.problem(file, line, `${reason}; record skipped`);
    },
  });
  if (open) ctx.problem(file, quoteLine, 'unterminated quoted field (a " opened here is never closed); record skipped');
}
