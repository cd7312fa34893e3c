import { readLines } from '../data/lines';
import { UserError } from '../errors';

/** qrels: query id → judged doc id → grade (an integer, as trec_eval reads them; 0 = judged non-relevant). */
export type Qrels = Map<string, Map<string, number>>;
/** run: query id → doc ids ranked best first. */
export type Run = Map<string, string[]>;

/** Non-empty, non-comment lines of a text file; a folder or unreadable path is a UserError. */
async function forEachLine(file: string, onLine: (text: string, line: number) => void): Promise<void> {
  await readLines(file, (text, line) => {
    if (text.trim() === '' || text.startsWith('#')) return;
    onLine(text, line);
  });
}

/** TREC qrels: `qid iter docid grade` (whitespace separated; grades are integers, as in trec_eval). */
export async function readQrels(file: string): Promise<Qrels> {
  const qrels: Qrels = new Map();
  await forEachLine(file, (text, line) => {
    const f = text.trim().split(/\s+/);
    if (f.length !== 4) throw new UserError(`expected 4 fields "qid 0 docid relevance", found ${f.length}`, { file, line });
    const grade = Number(f[3]);
    if (!Number.isFinite(grade)) throw new UserError(`relevance "${f[3]}" is not a number`, { file, line });
    if (!Number.isInteger(grade)) throw new UserError(`relevance "${f[3]}" is not an integer (TREC qrels grades are integers, as trec_eval reads them)`, { file, line });
    let judged = qrels.get(f[0]);
    if (!judged) qrels.set(f[0], (judged = new Map()));
    const before = judged.get(f[2]);
    if (before !== undefined && before !== grade)
      throw new UserError(`document ${f[2]} is judged twice for query ${f[0]}, with grades ${before} and ${grade}`, { file, line });
    judged.set(f[2], grade);
  });
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
  await forEachLine(file, (text, line) => {
    const f = text.trim().split(/\s+/);
    if (f.length !== 6) throw new UserError(`expected 6 fields "qid Q0 docid rank score tag", found ${f.length}`, { file, line });
    const score = Number(f[4]);
    if (!Number.isFinite(score)) throw new UserError(`score "${f[4]}" is not a finite number`, { file, line });
    const key = `${f[0]}\u0000${f[2]}`;
    if (seen.has(key)) throw new UserError(`document ${f[2]} appears twice for query ${f[0]}`, { file, line });
    seen.add(key);
    if (!rows.has(f[0])) rows.set(f[0], []);
    rows.get(f[0])!.push({ doc: f[2], score, order: order++ });
  });
  if (rows.size === 0) throw new UserError('no run lines found', { file });
  const run: Run = new Map();
  for (const [q, list] of rows) {
    list.sort((a, b) => b.score - a.score || a.order - b.order);
    run.set(q, list.map((r) => r.doc));
  }
  return run;
}
