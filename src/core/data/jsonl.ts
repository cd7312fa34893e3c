import * as path from 'node:path';
import type { ParallelCorpus } from './corpus';
import type { LoadContext } from './context';
import { LanguageSet, tryCanonicalLang } from './languages';
import { readLines } from './lines';
import { ParallelSetBuilder } from './parallel';

export type JsonRow = Record<string, unknown>;

/**
 * Streams the JSON object rows of a JSONL file (blank lines ignored). A line that is not valid
 * JSON, not an object, or not UTF-8 is a problem.
 */
export async function readJsonLines(file: string, ctx: LoadContext, onRow: (row: JsonRow, line: number) => void): Promise<void> {
  await readLines(file, (text, line) => {
    if (text.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (e) {
      ctx.problem(file, line, `invalid JSON line: ${e instanceof Error ? e.message : String(e)}; line skipped`);
      return;
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      ctx.problem(file, line, 'a JSONL row must be a JSON object; line skipped');
      return;
    }
    onRow(row as JsonRow, line);
  }, { signal: ctx.signal, onBadLine: (line, reason) => ctx.problem(file, line, `${reason}; line skipped`) });
}

/** A string or number field as a string; undefined when absent or of another type. */
export function stringField(row: JsonRow, name: string): string | undefined {
  const v = row[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Field names that are never language columns (`id` is also Indonesian's ISO 639-1 code). */
const NOT_LANGUAGES = new Set(['id', 'key', 'category']);

/**
 * Generic parallel JSONL, one of two shapes (decided by the first row):
 * - long: `{"id", "lang", "text"}` rows, `id` being the parallel key;
 * - wide: `{"id"?, "en": .., "de": ..}`, one row per item, a field per language (fields whose
 *   names parse as language codes; without `id` the key is the line number).
 * An optional `category` field is kept. One n-way parallel set `all`.
 */
export async function loadJsonl(p: string, ctx: LoadContext): Promise<ParallelCorpus> {
  const langs = new LanguageSet();
  const builder = new ParallelSetBuilder(ctx, 'all');
  let shape: 'long' | 'wide' | undefined;
  let keyed = false;
  const seenLangs: string[] = [];
  const note = (code: string): void => {
    if (!seenLangs.includes(code)) seenLangs.push(code);
  };
  let rows = 0;

  await readJsonLines(p, ctx, (row, line) => {
    if (++rows % 10000 === 0) ctx.progress(`reading ${path.basename(p)}`, rows);
    if (shape === undefined) {
      shape = 'lang' in row && 'text' in row ? 'long' : 'wide';
      keyed = 'id' in row;
    }
    const category = stringField(row, 'category');
    if (shape === 'long') {
      const id = stringField(row, 'id');
      const label = stringField(row, 'lang');
      const text = row.text;
      const missing = id === undefined ? 'id' : label === undefined ? 'lang' : typeof text !== 'string' ? 'text' : undefined;
      if (missing) return ctx.problem(p, line, `missing field '${missing}' (a string); row skipped`);
      if (tryCanonicalLang(label as string) === undefined) return ctx.problem(p, line, `unknown language '${label}'; row skipped`);
      const code = langs.add(label as string, { file: p, line });
      note(code);
      if (ctx.wants(code)) builder.add(code, id as string, text as string, p, line, category);
      return;
    }
    let key = String(line);
    if (keyed) {
      const id = stringField(row, 'id');
      if (id === undefined) return ctx.problem(p, line, "missing field 'id' (the first row has one); row skipped");
      key = id;
    }
    let hasLang = false;
    for (const [name, value] of Object.entries(row)) {
      if (NOT_LANGUAGES.has(name) || tryCanonicalLang(name) === undefined) continue;
      const code = langs.add(name, { file: p, line });
      note(code);
      hasLang = true;
      if (typeof value !== 'string') {
        ctx.problem(p, line, `field '${name}' must be a string; id '${key}' skipped`);
        builder.drop(key);
      } else if (ctx.wants(code)) {
        builder.add(code, key, value, p, line, category);
      }
    }
    if (!hasLang) ctx.problem(p, line, "row has no language fields (like \"en\": ...) and no 'lang'/'text' fields; row skipped");
  });

  ctx.checkRequested(langs.list(), p);
  const languages = langs.list().filter((l) => ctx.wants(l.code));
  return {
    kind: 'parallel',
    name: path.basename(p).replace(/\.jsonl$/i, ''),
    format: 'jsonl',
    path: p,
    languages,
    skipped: ctx.skipped,
    sets: [builder.build(languages.map((l) => l.code))],
  };
}
