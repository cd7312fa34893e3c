import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../errors';
import type { LoadContext } from '../context';
import { tryCanonicalLang } from '../languages';
import { listDir } from '../lines';

/** `name` or `name.gz` in `dir`, whichever exists (the plain file first). */
export function findFile(dir: string, name: string): string | undefined {
  for (const n of [name, `${name}.gz`]) {
    const p = path.join(dir, n);
    if (fs.existsSync(p) && fs.statSync(p).isFile()) return p;
  }
  return undefined;
}

/** The file name without `.gz` and without its last extension: `test.tsv.gz` → `test`. */
export function stem(file: string): string {
  return path.basename(file).replace(/\.gz$/i, '').replace(/\.[^.]+$/, '');
}

/** The sub-folders of `dir` named after a language (`de/`, `eng_Latn/`), sorted by name. */
export function languageFolders(dir: string): Array<{ label: string; dir: string }> {
  return listDir(dir)
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && tryCanonicalLang(e.name) !== undefined)
    .map((e) => ({ label: e.name, dir: path.join(dir, e.name) }));
}

/** The language a folder's name gives its rows, if it is a language code. */
export function folderLang(file: string): string | undefined {
  const name = path.basename(path.dirname(file));
  return tryCanonicalLang(name) !== undefined ? name : undefined;
}

/**
 * Picks one split among those a dataset has (`--split`, else `test`, else the only one); a
 * missing or ambiguous choice is a UserError listing what there is.
 */
export function pickSplit(available: string[], ctx: LoadContext, where: string): string {
  const splits = [...new Set(available)].sort();
  if (ctx.split !== undefined) {
    if (splits.includes(ctx.split)) return ctx.split;
    throw new UserError(`no split '${ctx.split}' here; it has: ${splits.join(', ') || 'none'}`, { file: where });
  }
  if (splits.includes('test')) return 'test';
  if (splits.length === 1) return splits[0];
  if (splits.length === 0) throw new UserError('no qrels found', { file: where });
  throw new UserError(`several splits and no 'test': ${splits.join(', ')}`, { file: where, hint: 'choose one with --split' });
}
