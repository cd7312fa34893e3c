import * as path from 'node:path';
import { UserError } from '../../errors';
import type { RetrievalCorpus } from '../corpus';
import type { LoadContext } from '../context';
import { tryCanonicalLang } from '../languages';
import { isDirectory, listDir, readLines } from '../lines';
import { splitTsv } from '../records';
import { readBeirCorpus } from './beir';
import { RetrievalBuilder } from './builder';
import { folderLang, stem } from './files';

const QRELS = /qrels/i;
const TOPICS = /(topics?|queries).*\.(tsv|txt)(\.gz)?$/i;
const JSONL = /\.jsonl(\.gz)?$/i;

export interface TrecFiles {
  topics: string[];
  qrels: string[];
  corpus: string[];
}

/** Folders never searched for TREC files. */
const SKIP = new Set(['node_modules', '.git', '.xlens', '.cache', 'dist', 'out']);

/**
 * Files of a TREC-style folder, each kind sorted by path: topics and qrels at its top level or in
 * `topics/` and `qrels/` sub-folders (MIRACL's layout); corpus JSONL at the top level or one
 * folder down (`fas/docs.jsonl`, `corpus/docs-0.jsonl.gz`). So the parent of a TREC folder is
 * not one itself.
 */
export function trecFiles(dir: string): TrecFiles {
  const out: TrecFiles = { topics: [], qrels: [], corpus: [] };
  const visit = (d: string, top: boolean, folder: string) => {
    for (const e of listDir(d)) {
      if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (top) visit(p, false, e.name.toLowerCase());
      } else if (QRELS.test(e.name)) {
        if (top || folder === 'qrels') out.qrels.push(p);
      } else if (TOPICS.test(e.name)) {
        if (top || folder === 'topics' || folder === 'queries') out.topics.push(p);
      } else if (JSONL.test(e.name)) out.corpus.push(p);
    }
  };
  visit(dir, true, '');
  return out;
}

export function isTrecFolder(dir: string): boolean {
  const f = trecFiles(dir);
  return f.topics.length > 0 && f.qrels.length > 0 && f.corpus.length > 0;
}

/** `qrels.miracl-v1.0-de-dev.tsv` names the split `dev` (a token between dots, dashes or underscores). */
const hasToken = (file: string, token: string) => new RegExp(`(^|[._-])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([._-]|$)`, 'i').test(path.basename(file));
const SPLITS = ['train', 'dev', 'test', 'testA', 'testB', 'devtest'];

/** The qrels (and topics) of the requested split: `--split`, else `test`, else the only file. */
function chooseSplit(files: string[], ctx: LoadContext, where: string, kind: string): { files: string[]; split?: string } {
  if (ctx.split !== undefined) {
    const hit = files.filter((f) => hasToken(f, ctx.split!));
    if (hit.length === 0) throw new UserError(`no ${kind} file for split '${ctx.split}' (file names carry the split, e.g. qrels.dev.tsv); found: ${files.map((f) => path.basename(f)).join(', ')}`, { file: where });
    return { files: hit, split: ctx.split };
  }
  if (files.length === 1) return { files, split: SPLITS.find((s) => hasToken(files[0], s)) };
  const test = files.filter((f) => hasToken(f, 'test'));
  if (test.length > 0) return { files: test, split: 'test' };
  throw new UserError(`several ${kind} files and none for split 'test': ${files.map((f) => path.basename(f)).join(', ')}`, { file: where, hint: 'choose one with --split' });
}

/** Topics: `qid<TAB>query` lines, no header. */
async function readTopics(file: string, b: RetrievalBuilder, ctx: LoadContext): Promise<void> {
  const lang = folderLang(file);
  await readLines(file, (text, line) => {
    if (text.trim() === '') return;
    const f = splitTsv(text);
    if (f.length !== 2) return ctx.problem(file, line, `expected 2 tab-separated fields "qid query", found ${f.length}; line skipped`);
    b.addQuery(f[0].trim(), f[1], undefined, { file, line, folderLang: lang });
  }, { signal: ctx.signal, onBadLine: (line, reason) => ctx.problem(file, line, `${reason}; line skipped`) });
}

/** TREC qrels: `qid Q0 docid grade` (whitespace-separated, no header). */
export async function readTrecQrels(file: string, b: RetrievalBuilder, ctx: LoadContext): Promise<void> {
  await readLines(file, (text, line) => {
    if (text.trim() === '') return;
    const f = text.trim().split(/\s+/);
    if (f.length !== 4) return ctx.problem(file, line, `expected 4 fields "qid Q0 docid grade", found ${f.length}; line skipped`);
    b.addJudgement(f[0], f[2], f[3], { file, line });
  }, { signal: ctx.signal, onBadLine: (line, reason) => ctx.problem(file, line, `${reason}; line skipped`) });
}

/**
 * TREC style (MIRACL, Mr.TyDi, NeuCLIR): topics TSV (`qid<TAB>query`), TREC qrels
 * (`qid Q0 docid grade`, e.g. NeuCLIR's mixed-language `qrels.mlir`) and a JSONL(.gz) corpus
 * keyed `docid`, `_id` or `id`, text in `text` or `contents` (Pyserini), several files read in path order. A corpus row's language is its
 * `lang` field, else its folder's or file's name when that is a language (`fas/docs.jsonl`,
 * `zho.jsonl.gz`), else `--lang`; a topic's is its folder's, else `--lang`.
 */
export async function loadTrec(p: string, ctx: LoadContext): Promise<RetrievalCorpus> {
  if (!isDirectory(p)) throw new UserError('a TREC-style dataset is a folder holding topics, qrels and a JSONL corpus', { file: p });
  const found = trecFiles(p);
  const missing = (['topics', 'qrels', 'corpus'] as const).filter((k) => found[k].length === 0);
  if (missing.length > 0)
    throw new UserError(`not a TREC-style folder: no ${missing.join(', ')} file (topics*.tsv "qid<TAB>query", qrels* "qid Q0 docid grade", *.jsonl(.gz) corpus)`, { file: p });
  const qrels = chooseSplit(found.qrels, ctx, p, 'qrels');
  const topics = found.topics.length === 1 ? found.topics : found.topics.filter((f) => !qrels.split || hasToken(f, qrels.split));
  const b = new RetrievalBuilder(ctx);
  for (const [i, file] of found.corpus.entries()) {
    ctx.progress(`reading ${path.basename(file)}`, i, found.corpus.length);
    const s = stem(file);
    const lang = folderLang(file) ?? (tryCanonicalLang(s) !== undefined ? s : undefined);
    await readBeirCorpus(file, b, ctx, { folderLang: lang });
  }
  for (const file of topics.length > 0 ? topics : found.topics) await readTopics(file, b, ctx);
  for (const file of qrels.files) await readTrecQrels(file, b, ctx);
  return b.build({ name: path.basename(path.resolve(p)), format: 'trec', path: p, split: qrels.split });
}
