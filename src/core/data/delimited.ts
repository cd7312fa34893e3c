import * as path from 'node:path';
import { UserError } from '../errors';
import type { ParallelCorpus } from './corpus';
import type { LoadContext } from './context';
import { LanguageSet, tryCanonicalLang } from './languages';
import { ParallelSetBuilder } from './parallel';
import { type Delimiter, readRecords } from './records';

const ID_COLUMNS = new Set(['id', 'key', 'index_id']);

interface Header {
  id?: number;
  category?: number;
  langs: { col: number; code: string }[];
  width: number;
}

function parseHeader(fields: string[], file: string, line: number, langs: LanguageSet): Header {
  const h: Header = { langs: [], width: fields.length };
  fields.forEach((raw, col) => {
    const name = raw.trim();
    if (ID_COLUMNS.has(name.toLowerCase()) && h.id === undefined) h.id = col;
    else if (name.toLowerCase() === 'category' && h.category === undefined) h.category = col;
    else if (tryCanonicalLang(name) !== undefined) {
      const code = langs.add(name, { file, line });
      if (h.langs.some((l) => l.code === code)) throw new UserError(`language column '${name}' appears twice in the header`, { file, line });
      h.langs.push({ col, code });
    } else {
      throw new UserError(`header column '${name}' is not a language code, 'id' or 'category'`, {
        file, line, hint: 'the first row must name the columns, e.g. id,en,de,fr',
      });
    }
  });
  if (h.langs.length === 0) throw new UserError('the header names no language columns (e.g. id,en,de)', { file, line });
  return h;
}

/**
 * CSV/TSV with a header row naming languages (`id,en,de,zh`): one row per item, a column per
 * language, an optional `id` column (else the key is the row's line number) and an optional
 * `category` column. One n-way parallel set `all`.
 */
export async function loadDelimited(p: string, delimiter: Delimiter, ctx: LoadContext): Promise<ParallelCorpus> {
  const langs = new LanguageSet();
  const builder = new ParallelSetBuilder(ctx, 'all');
  let header: Header | undefined;
  let headerLine = 1;
  let rows = 0;
  await readRecords(p, delimiter, ctx, (fields, line) => {
    if (!header) {
      header = parseHeader(fields, p, line, langs);
      headerLine = line;
      return;
    }
    if (++rows % 10000 === 0) ctx.progress(`reading ${path.basename(p)}`, rows);
    if (fields.length !== header.width) {
      return ctx.problem(p, line, `expected ${header.width} columns as in the header, found ${fields.length}; row skipped`);
    }
    const key = header.id === undefined ? String(line) : fields[header.id].trim();
    if (key === '') return ctx.problem(p, line, 'empty id; row skipped');
    const category = header.category === undefined ? undefined : fields[header.category];
    for (const { col, code } of header.langs) {
      if (ctx.wants(code)) builder.add(code, key, fields[col], p, line, category);
    }
  });
  if (!header) throw new UserError('empty file: expected a header row naming languages', { file: p, line: 1 });
  if (rows === 0) throw new UserError('the file has a header but no rows', { file: p, line: headerLine, hint: 'one row per item, a column per language' });
  ctx.checkRequested(langs.list(), p);
  const languages = langs.list().filter((l) => ctx.wants(l.code));
  return {
    kind: 'parallel',
    name: path.basename(p).replace(/\.(csv|tsv)$/i, ''),
    format: delimiter === ',' ? 'csv' : 'tsv',
    path: p,
    languages,
    skipped: ctx.skipped,
    sets: [builder.build(languages.map((l) => l.code))],
  };
}
