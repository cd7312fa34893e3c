import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { UserError } from '../errors';

/** qrels: query id → relevant doc ids (relevance > 0; gains are binary, SPEC §3). */
export type Qrels = Map<string, Set<string>>;
/** run: query id → doc ids ranked best first. */
export type Run = Map<string, string[]>;

async function* lines(file: string): AsyncGenerator<{ line: number; text: string }> {
  let stream: fs.ReadStream;
  try {
    await fs.promises.access(file, fs.constants.R_OK);
    stream = fs.createReadStream(file, { encoding: 'utf8' });
  } catch {
    throw new UserError('cannot read this file', { file });
  }
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) {
    n++;
    if (text.includes('\uFFFD')) throw new UserError('invalid UTF-8 bytes', { file, line: n });
    if (text.trim() === '' || text.startsWith('#')) continue;
    yield { line: n, text };
  }
}

/** TREC qrels: `qid iter docid rel` (whitespace separated). */
export async function readQrels(file: string): Promise<Qrels> {
  const qrels: Qrels = new Map();
  for await (const { line, text } of lines(file)) {
    const f = text.trim().split(/\s+/);
    if (f.length !== 4) throw new UserError(`expected 4 fields "qid 0 docid relevance", found ${f.length}`, { file, line });
    const rel = Number(f[3]);
    if (!Number.isFinite(rel)) throw new UserError(`relevance "${f[3]}" is not a number`, { file, line });
    if (!qrels.has(f[0])) qrels.set(f[0], new Set());
    if (rel > 0) qrels.get(f[0])!.add(f[2]);
  }
  if (qrels.size === 0) throw new UserError('no judgements found', { file });
  return qrels;
}

/**
 * TREC run: `qid Q0 docid rank score tag`. Documents are ranked by score descending, ties in line
 * order (the rank column is ignored, as trec_eval does). A doc listed twice for a query is an error.
 */
export async function readRun(file: string): Promise<Run> {
  const rows = new Map<string, Array<{ doc: string; score: number; order: number }>>();
  const seen = new Set<string>();
  let order = 0;
  for await (const { line, text } of lines(file)) {
    const f = text.trim().split(/\s+/);
    if (f.length !== 6) throw new UserError(`expected 6 fields "qid Q0 docid rank score tag", found ${f.length}`, { file, line });
    const score = Number(f[4]);
    if (!Number.isFinite(score)) throw new UserError(`score "${f[4]}" is not a finite number`, { file, line });
    const key = `${f[0]}\u0000${f[2]}`;
    if (seen.has(key)) throw new UserError(`document ${f[2]} appears twice for query ${f[0]}`, { file, line });
    seen.add(key);
    if (!rows.has(f[0])) rows.set(f[0], []);
    rows.get(f[0])!.push({ doc: f[2], score, order: order++ });
  }
  if (rows.size === 0) throw new UserError('no run lines found', { file });
  const run: Run = new Map();
  for (const [q, list] of rows) {
    list.sort((a, b) => b.score - a.score || a.order - b.order);
    run.set(q, list.map((r) => r.doc));
  }
  return run;
}
