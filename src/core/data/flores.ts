import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import type { ParallelCorpus } from './corpus';
import type { LoadContext } from './context';
import { type LangFile, langEntries, requireSome } from './langFiles';
import { LanguageSet } from './languages';
import { listDir, readLines } from './lines';
import { ParallelSetBuilder } from './parallel';
import { readRecords } from './records';

const LANG_DIR = /^([a-z]{3}_[A-Z][a-z]{3})$/;
export const SIB_SPLITS = ['train', 'dev', 'test'];
export const FLORES_SPLITS = ['dev', 'devtest'];

/** The requested splits (`ctx.split`, comma-separated), checked against what the format has. */
function splitsOf(ctx: LoadContext, valid: string[], available = valid): string[] {
  if (ctx.split === undefined) return available;
  const want = ctx.split.split(/[\s,]+/).filter(Boolean);
  const bad = want.find((s) => !available.includes(s));
  if (bad !== undefined) throw new UserError(`unknown split '${bad}'; this corpus has: ${available.join(', ')}`);
  return want.length > 0 ? want : available;
}

function corpus(p: string, format: 'sib200' | 'flores', ctx: LoadContext, files: LangFile[], builder: ParallelSetBuilder): ParallelCorpus {
  ctx.progress('checking parallel ids', files.length, files.length);
  return {
    kind: 'parallel',
    name: format,
    format,
    path: p,
    languages: files.map((f) => f.lang),
    skipped: ctx.skipped,
    sets: [builder.build(files.map((f) => f.lang.code))],
  };
}

/**
 * SIB-200: a folder per language variety (`eng_Latn/`) holding `train.tsv`, `dev.tsv`,
 * `test.tsv` with columns `index_id, category, text`. One n-way set `all` keyed by `index_id`
 * (the same FLORES sentence in every language), category kept. Non-folder entries
 * (`nqo_Nkoo.zip`) are ignored.
 */
export async function loadSib(p: string, ctx: LoadContext): Promise<ParallelCorpus> {
  const files = ctx.select(requireSome(langEntries(p, LANG_DIR, ctx, { dirs: true }), p, 'SIB-200 language folders (eng_Latn/)'), p);
  const splits = splitsOf(ctx, SIB_SPLITS);
  const builder = new ParallelSetBuilder(ctx, 'all');
  for (const [n, { lang, file: dir }] of files.entries()) {
    ctx.checkAborted();
    ctx.progress(`reading ${lang.label}`, n, files.length);
    for (const split of splits) {
      const file = path.join(dir, `${split}.tsv`);
      if (!fs.existsSync(file)) throw new UserError(`missing ${split}.tsv in this language folder`, { file: dir });
      let cols: { id: number; category: number; text: number } | undefined;
      await readRecords(file, '\t', ctx, (fields, line) => {
        if (!cols) {
          const [id, category, text] = ['index_id', 'category', 'text'].map((c) => fields.indexOf(c));
          const missing = ['index_id', 'category', 'text'][[id, category, text].indexOf(-1)];
          if (missing) throw new UserError(`missing column '${missing}' in the header (expected index_id, category, text)`, { file, line });
          cols = { id, category, text };
          return;
        }
        const width = Math.max(cols.id, cols.category, cols.text) + 1;
        if (fields.length < width) return ctx.problem(file, line, `missing column: expected ${width} tab-separated fields, found ${fields.length}; row skipped`);
        const key = fields[cols.id].trim();
        if (key === '') return ctx.problem(file, line, 'empty index_id; row skipped');
        builder.add(lang.code, key, fields[cols.text], file, line, fields[cols.category]);
      });
    }
  }
  return corpus(p, 'sib200', ctx, files, builder);
}

/**
 * Plain FLORES-200 line files: `<lang>.dev` / `<lang>.devtest`, either in the folder itself or
 * in `dev/` and `devtest/` sub-folders (the official layout). Line i of every language's file of
 * a split is the same sentence: key `dev:12`.
 */
export async function loadFloresLines(p: string, ctx: LoadContext): Promise<ParallelCorpus> {
  const nested = listDir(p).some((e) => e.isDirectory() && FLORES_SPLITS.includes(e.name));
  const langs = new LanguageSet();
  const bySplit = new Map<string, LangFile[]>();
  for (const split of FLORES_SPLITS) {
    const dir = nested ? path.join(p, split) : p;
    if (!fs.existsSync(dir)) continue;
    const found = langEntries(dir, new RegExp(`^([^.]+)\\.${split}$`), ctx, { langs });
    if (found.length > 0) bySplit.set(split, found);
  }
  const splits = splitsOf(ctx, FLORES_SPLITS, [...bySplit.keys()]);
  if (splits.length === 0) throw new UserError('no FLORES <lang>.dev / <lang>.devtest files found in this folder', { file: p });

  // Every language must have every split.
  const all = new Map<string, LangFile>();
  for (const s of splits) for (const f of bySplit.get(s) ?? []) all.set(f.lang.code, f);
  for (const s of splits) {
    const have = new Set((bySplit.get(s) ?? []).map((f) => f.lang.code));
    for (const [code, f] of all) {
      if (!have.has(code)) throw new UserError(`${f.lang.label}.${s} is missing (other languages have this split)`, { file: nested ? path.join(p, s) : p });
    }
  }
  const files = ctx.select([...all.values()], p);
  const builder = new ParallelSetBuilder(ctx, 'all');
  for (const split of splits) {
    const counts: { file: string; lines: number }[] = [];
    for (const { lang } of files) {
      ctx.checkAborted();
      const file = (bySplit.get(split) as LangFile[]).find((f) => f.lang.code === lang.code)?.file as string;
      ctx.progress(`reading ${path.basename(file)}`, counts.length, files.length);
      const lines = await readLines(file, (text, line) => builder.add(lang.code, `${split}:${line}`, text, file, line), {
        signal: ctx.signal,
        onBadLine: (line, reason) => {
          ctx.problem(file, line, `${reason}; line skipped in every language`);
          builder.drop(`${split}:${line}`);
        },
      });
      counts.push({ file, lines });
    }
    // Different line counts mean the files are not aligned: report each file once, then drop
    // the lines that some language lacks (instead of one report per missing line).
    const ref = counts[0];
    const min = Math.min(...counts.map((c) => c.lines));
    for (const c of counts) {
      if (c.lines === ref.lines) continue;
      const [longer, n] = c.lines > ref.lines ? [c.file, ref.lines] : [ref.file, c.lines];
      ctx.problem(longer, n + 1, `line count differs: ${c.file} has ${c.lines} lines, ${ref.file} has ${ref.lines}; unmatched lines skipped`);
    }
    const max = Math.max(...counts.map((c) => c.lines));
    for (let line = min + 1; line <= max; line++) builder.drop(`${split}:${line}`);
  }
  return corpus(p, 'flores', ctx, files, builder);
}
