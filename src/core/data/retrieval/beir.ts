import * as path from 'node:path';
import { UserError } from '../../errors';
import type { RetrievalCorpus } from '../corpus';
import { tryCanonicalLang } from '../languages';
import type { LoadContext } from '../context';
import { readJsonLines, stringField } from '../jsonl';
import { listDir } from '../lines';
import { readRecords } from '../records';
import { RetrievalBuilder, type RowSource } from './builder';
import { findFile, languageFolders, pickSplit, stem } from './files';

/** A folder is BEIR-shaped when it has corpus.jsonl(.gz), queries.jsonl(.gz) and qrels/. */
export function isBeirFolder(dir: string): boolean {
  return findFile(dir, 'corpus.jsonl') !== undefined && findFile(dir, 'queries.jsonl') !== undefined && listDir(dir).some((e) => e.isDirectory() && e.name === 'qrels');
}

/** The qrels files of a BEIR folder by split (`qrels/test.tsv` or `.tsv.gz`). */
function qrelsFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of listDir(path.join(dir, 'qrels'))) if (e.isFile() && /\.tsv(\.gz)?$/i.test(e.name)) out.set(stem(e.name), path.join(dir, 'qrels', e.name));
  return out;
}

/** Corpus rows: `_id` (or TREC/Pyserini `docid`, `id`), `title`, `text` (or `contents`), optional `lang` or `language`. */
export async function readBeirCorpus(file: string, b: RetrievalBuilder, ctx: LoadContext, at: Omit<RowSource, 'file' | 'line'>): Promise<void> {
  let n = 0;
  await readJsonLines(file, ctx, (row, line) => {
    if (++n % 50000 === 0) ctx.progress(`reading ${path.basename(file)}`, n);
    b.addDoc(stringField(row, '_id') ?? stringField(row, 'docid') ?? stringField(row, 'id'), row.title, row.text ?? row.contents, row.lang ?? row.language, { ...at, file, line });
  });
}

/** Query rows: `_id`, `text`, optional `lang` or `language`. */
export async function readBeirQueries(file: string, b: RetrievalBuilder, ctx: LoadContext, at: Omit<RowSource, 'file' | 'line'>): Promise<void> {
  await readJsonLines(file, ctx, (row, line) => {
    b.addQuery(stringField(row, '_id') ?? stringField(row, 'qid'), row.text ?? row.query, row.lang ?? row.language, { ...at, file, line });
  });
}

/** BEIR qrels: a header `query-id corpus-id score`, then tab-separated lines. */
export async function readBeirQrels(file: string, b: RetrievalBuilder, ctx: LoadContext, at: Omit<RowSource, 'file' | 'line'>): Promise<void> {
  let header = true;
  await readRecords(file, '\t', ctx, (f, line) => {
    if (header) {
      header = false;
      if (f[0].trim() === 'query-id' || f[0].trim() === 'query_id') return;
      throw new UserError(`expected the header "query-id<TAB>corpus-id<TAB>score", found ${JSON.stringify(f.join('\t'))}`, { file, line });
    }
    if (f.length !== 3) return ctx.problem(file, line, `expected 3 tab-separated fields "query-id corpus-id score", found ${f.length}; line skipped`);
    b.addJudgement(f[0].trim(), f[1].trim(), f[2].trim(), { ...at, file, line });
  });
}

async function readOne(dir: string, b: RetrievalBuilder, ctx: LoadContext, split: string, at: Omit<RowSource, 'file' | 'line'>): Promise<void> {
  const corpus = findFile(dir, 'corpus.jsonl');
  const queries = findFile(dir, 'queries.jsonl');
  if (!corpus || !queries) throw new UserError('a BEIR folder needs corpus.jsonl and queries.jsonl (or .jsonl.gz)', { file: dir });
  const qrels = qrelsFiles(dir).get(split);
  if (!qrels) throw new UserError(`no qrels/${split}.tsv here; it has: ${[...qrelsFiles(dir).keys()].join(', ') || 'none'}`, { file: dir });
  ctx.checkAborted();
  await readBeirCorpus(corpus, b, ctx, at);
  await readBeirQueries(queries, b, ctx, at);
  await readBeirQrels(qrels, b, ctx, at);
}

/**
 * BEIR: `corpus.jsonl`, `queries.jsonl`, `qrels/<split>.tsv` (each also `.gz`); or a folder of
 * such folders, one per language (`de/`, `en/`, as MTEB's multilingual subsets and MIRACL): then
 * every row takes its folder's language unless it has its own, and ids get the folder as a
 * prefix (`de/123`) because the subsets may reuse ids.
 */
export async function loadBeir(p: string, ctx: LoadContext): Promise<RetrievalCorpus> {
  const b = new RetrievalBuilder(ctx);
  let split: string;
  if (isBeirFolder(p)) {
    split = pickSplit([...qrelsFiles(p).keys()], ctx, path.join(p, 'qrels'));
    ctx.progress('reading corpus', 0);
    await readOne(p, b, ctx, split, {});
  } else {
    const subsets = languageFolders(p).filter((f) => isBeirFolder(f.dir));
    if (subsets.length === 0) throw new UserError('not a BEIR folder: no corpus.jsonl, queries.jsonl and qrels/, nor language folders (de/, en/) holding them', { file: p });
    const chosen = ctx.select(subsets.map((s) => ({ ...s, lang: { code: tryCanonicalLang(s.label)!, label: s.label } })), p);
    split = pickSplit(chosen.flatMap((s) => [...qrelsFiles(s.dir).keys()]), ctx, p);
    for (const [i, s] of chosen.entries()) {
      ctx.progress(`reading ${s.label}/`, i, chosen.length);
      await readOne(s.dir, b, ctx, split, { folderLang: s.label, prefix: `${s.label}/` });
    }
  }
  return b.build({ name: path.basename(path.resolve(p)), format: 'beir', path: p, split });
}
