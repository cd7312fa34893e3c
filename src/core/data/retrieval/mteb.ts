import * as path from 'node:path';
import { UserError } from '../../errors';
import type { RetrievalCorpus } from '../corpus';
import type { LoadContext } from '../context';
import { readJsonLines, type JsonRow } from '../jsonl';
import { tryCanonicalLang } from '../languages';
import { listDir } from '../lines';
import { RetrievalBuilder, type RowSource } from './builder';
import { cellString, readParquetRows } from './parquet';

type Role = 'corpus' | 'queries' | 'qrels';
const DATA_FILE = /\.(parquet|jsonl|jsonl\.gz)$/i;
/** `corpus`, `de-corpus`, `queries`, `qrels`, `default` (MTEB's qrels config name), `de-qrels`. */
const CONFIG = /^(?:(.+)-)?(corpus|queries|qrels|default)$/;

interface Subset {
  /** `default`, or the language label of `<lang>-corpus` configs. */
  name: string;
  lang?: string;
  dirs: Partial<Record<Role, string>>;
}

/** The configs of an MTEB dataset saved locally (one folder per Hugging Face config). */
export function mtebSubsets(dir: string): Subset[] {
  const byName = new Map<string, Subset>();
  for (const e of listDir(dir)) {
    if (!e.isDirectory()) continue;
    const m = CONFIG.exec(e.name);
    if (!m) continue;
    const name = m[1] ?? 'default';
    if (m[1] !== undefined && tryCanonicalLang(m[1]) === undefined) continue;
    const role: Role = m[2] === 'default' ? 'qrels' : (m[2] as Role);
    let s = byName.get(name);
    if (!s) byName.set(name, (s = { name, lang: m[1], dirs: {} }));
    s.dirs[role] = path.join(dir, e.name);
  }
  return [...byName.values()].filter((s) => s.dirs.corpus && s.dirs.queries && s.dirs.qrels);
}

export function isMtebFolder(dir: string): boolean {
  return mtebSubsets(dir).length > 0;
}

/** Data files under a config folder (two levels: `qrels/test-0000.parquet`, `qrels/test/0000.parquet`). */
function dataFiles(dir: string): Array<{ file: string; split: string }> {
  const out: Array<{ file: string; split: string }> = [];
  for (const e of listDir(dir)) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      for (const f of listDir(p)) if (f.isFile() && DATA_FILE.test(f.name)) out.push({ file: path.join(p, f.name), split: e.name });
    } else if (e.isFile() && DATA_FILE.test(e.name)) {
      out.push({ file: p, split: e.name.split(/[-.]/)[0] });
    }
  }
  return out;
}

/** Corpus and queries configs may be split too: the chosen split's files when there are any, else all. */
function ofSplit(files: Array<{ file: string; split: string }>, split: string): Array<{ file: string; split: string }> {
  const mine = files.filter((f) => f.split === split);
  return mine.length > 0 ? mine : files;
}

async function readRows(file: string, ctx: LoadContext, onRow: (row: JsonRow, line: number) => void): Promise<void> {
  if (/\.parquet$/i.test(file)) await readParquetRows(file, onRow, { signal: ctx.signal });
  else await readJsonLines(file, ctx, onRow);
}

/**
 * MTEB's Hugging Face layout saved locally: config folders `corpus/`, `queries/` and
 * `qrels/` (or `default/`), or `<lang>-corpus/`, `<lang>-queries/`, `<lang>-qrels/` per language,
 * holding Parquet (read with hyparquet, one row group at a time) or JSONL(.gz) files. Columns:
 * corpus `_id`, `title`, `text`; queries `_id`, `text`; qrels `query-id`, `corpus-id`, `score`.
 * Every corpus and queries file is read; qrels only of the chosen split (`--split`, else
 * `test`, else the only one). Per-language subsets prefix their ids with the language (`de/`).
 */
export async function loadMteb(p: string, ctx: LoadContext): Promise<RetrievalCorpus> {
  const all = mtebSubsets(p);
  if (all.length === 0) throw new UserError('not an MTEB folder: no corpus/, queries/ and qrels/ (or default/, or <lang>-corpus/...) config folders', { file: p });
  const multi = all.some((s) => s.lang !== undefined);
  const subsets = multi
    ? ctx.select(all.filter((s) => s.lang).map((s) => ({ ...s, lang: { code: tryCanonicalLang(s.lang!)!, label: s.lang! } })), p)
    : all.map((s) => ({ ...s, lang: undefined }));
  const qrelsFiles = subsets.flatMap((s) => dataFiles(s.dirs.qrels!));
  const splits = [...new Set(qrelsFiles.map((f) => f.split))].sort();
  const split = ctx.split ?? (splits.includes('test') ? 'test' : splits.length === 1 ? splits[0] : undefined);
  if (split === undefined || !splits.includes(split))
    throw new UserError(ctx.split ? `no qrels for split '${ctx.split}'; it has: ${splits.join(', ')}` : `several qrels splits and no 'test': ${splits.join(', ')}`,
      { file: p, hint: 'choose one with --split' });

  const b = new RetrievalBuilder(ctx);
  for (const [i, s] of subsets.entries()) {
    ctx.progress(`reading ${s.name}`, i, subsets.length);
    const at: Omit<RowSource, 'file' | 'line'> = s.lang ? { folderLang: s.lang.label, prefix: `${s.lang.label}/` } : {};
    for (const { file } of ofSplit(dataFiles(s.dirs.corpus!), split)) {
      await readRows(file, ctx, (r, line) => b.addDoc(cellString(r._id) ?? cellString(r.id), r.title, r.text, r.lang ?? r.language, { ...at, file, line }));
    }
    for (const { file } of ofSplit(dataFiles(s.dirs.queries!), split)) {
      await readRows(file, ctx, (r, line) => b.addQuery(cellString(r._id) ?? cellString(r.id), r.text, r.lang ?? r.language, { ...at, file, line }));
    }
    for (const { file } of dataFiles(s.dirs.qrels!).filter((f) => f.split === split)) {
      await readRows(file, ctx, (r, line) => {
        const q = cellString(r['query-id'] ?? r.query_id);
        const d = cellString(r['corpus-id'] ?? r.corpus_id);
        const g = cellString(r.score);
        if (q === undefined || d === undefined || g === undefined)
          return ctx.problem(file, line, "qrels row needs 'query-id', 'corpus-id' and 'score'; row skipped");
        b.addJudgement(q, d, g, { ...at, file, line });
      });
    }
  }
  return b.build({ name: path.basename(path.resolve(p)), format: 'mteb', path: p, split });
}
