import * as path from 'node:path';
import { UserError } from '../errors';
import type { ParallelCorpus, ParallelSet } from './corpus';
import type { LoadContext } from './context';
import { LanguageSet, tryCanonicalLang } from './languages';
import { isDirectory, listDir, readLines } from './lines';
import { ParallelSetBuilder } from './parallel';

/** `tatoeba.deu-eng.deu` / `tatoeba.deu-eng.eng`. */
export const TATOEBA_FILE = /^tatoeba\.([^.]+)-eng\.([^.]+)$/;

interface Pair {
  label: string;
  code: string;
  xxx: string;
  eng: string;
}

/** The pairs of a folder (or of the one file given), each with both of its files. */
function pairsOf(p: string, ctx: LoadContext, langs: LanguageSet): Pair[] {
  const dir = isDirectory(p) ? p : path.dirname(p);
  const names = isDirectory(p) ? listDir(p).filter((e) => e.isFile()).map((e) => e.name) : [path.basename(p)];
  const labels = [...new Set(names.flatMap((n) => TATOEBA_FILE.exec(n)?.[1] ?? []))];
  if (labels.length === 0) throw new UserError('no Tatoeba files (tatoeba.xxx-eng.xxx and tatoeba.xxx-eng.eng) found', { file: p });
  const pairs: Pair[] = [];
  for (const label of labels) {
    const xxx = path.join(dir, `tatoeba.${label}-eng.${label}`);
    const eng = path.join(dir, `tatoeba.${label}-eng.eng`);
    if (tryCanonicalLang(label) === undefined) {
      ctx.problem(xxx, undefined, `unknown language code '${label}' in the file name; pair skipped`);
      continue;
    }
    pairs.push({ label, code: langs.add(label, { file: xxx }), xxx, eng });
  }
  return pairs;
}

/** Reads one pair; a line-count mismatch or a bad line is a problem (pair or line skipped). */
async function readPair(pair: Pair, ctx: LoadContext): Promise<ParallelSet | undefined> {
  const name = `${pair.label}-eng`;
  const builder = new ParallelSetBuilder(ctx, name, `${name}/`);
  const counts: number[] = [];
  for (const [file, code] of [[pair.xxx, pair.code], [pair.eng, 'en']] as const) {
    counts.push(await readLines(file, (text, line) => builder.add(code, String(line), text, file, line), {
      signal: ctx.signal,
      onBadLine: (line, reason) => {
        ctx.problem(file, line, `${reason}; pair of line ${line} skipped`);
        builder.drop(String(line));
      },
    }));
  }
  if (counts[0] !== counts[1]) {
    const [file, n] = counts[0] > counts[1] ? [pair.xxx, counts[1]] : [pair.eng, counts[0]];
    ctx.problem(file, n + 1,
      `line counts differ: ${pair.xxx} has ${counts[0]} lines but ${pair.eng} has ${counts[1]}; the files are not aligned, pair skipped`);
    return undefined;
  }
  return builder.build([pair.code, 'en']);
}

/**
 * Tatoeba as distributed by LASER: `tatoeba.xxx-eng.xxx` + `tatoeba.xxx-eng.eng`, line i of one
 * translating line i of the other. One set per pair, named `xxx-eng`, keyed by line number
 * (the English sides differ per pair, so the sets are not n-way parallel).
 * `langs` selects pairs by their non-English language.
 */
export async function loadTatoeba(p: string, ctx: LoadContext): Promise<ParallelCorpus> {
  const langs = new LanguageSet();
  langs.add('eng');
  const all = pairsOf(p, ctx, langs);
  ctx.checkRequested(langs.list(), p);
  const pairs = all.filter((x) => ctx.wanted === undefined || ctx.wanted.has(x.code));
  if (pairs.length === 0) throw new UserError('no Tatoeba pair selected: name the non-English languages (e.g. --langs de,fr)', { file: p });
  const sets: ParallelSet[] = [];
  for (const [n, pair] of pairs.entries()) {
    ctx.checkAborted();
    ctx.progress(`reading ${pair.label}-eng`, n, pairs.length);
    const set = await readPair(pair, ctx);
    if (set) sets.push(set);
  }
  const used = new Set(sets.flatMap((s) => s.languages));
  return {
    kind: 'parallel',
    name: 'tatoeba',
    format: 'tatoeba',
    path: p,
    languages: langs.list().filter((l) => used.has(l.code)),
    skipped: ctx.skipped,
    sets,
  };
}
