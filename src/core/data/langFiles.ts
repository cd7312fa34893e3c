import * as path from 'node:path';
import { UserError } from '../errors';
import type { Language } from './corpus';
import type { LoadContext } from './context';
import { LanguageSet, tryCanonicalLang } from './languages';
import { listDir } from './lines';

export interface LangFile {
  lang: Language;
  file: string;
}

/**
 * The per-language files (or, with `dirs`, folders) of `dir`: entries whose name matches `re`,
 * group 1 being the language code (`xquad.de.json`, `eng_Latn/`). Other entries are ignored;
 * a matching name that is not a known language is a problem. Sorted by name.
 */
export function langEntries(dir: string, re: RegExp, ctx: LoadContext, opts: { dirs?: boolean; langs?: LanguageSet } = {}): LangFile[] {
  const langs = opts.langs ?? new LanguageSet();
  const out: LangFile[] = [];
  for (const e of listDir(dir)) {
    if (e.name.startsWith('.') || (opts.dirs ? !e.isDirectory() : e.isDirectory())) continue;
    const m = re.exec(e.name);
    if (!m) continue;
    const file = path.join(dir, e.name);
    if (tryCanonicalLang(m[1]) === undefined) {
      ctx.problem(file, undefined, `unknown language code '${m[1]}' in the ${opts.dirs ? 'folder' : 'file'} name; ignored`);
      continue;
    }
    out.push({ lang: { code: langs.add(m[1], { file }), label: m[1] }, file });
  }
  return out;
}

/** The language of a single file from its name, e.g. `xquad.de.json` with `re` = /^xquad\.(.+)\.json$/. */
export function langOfFile(file: string, re: RegExp, expected: string): Language {
  const m = re.exec(path.basename(file));
  const code = m ? tryCanonicalLang(m[1]) : undefined;
  if (!m || code === undefined) {
    throw new UserError(`cannot tell the language from the file name; expected ${expected}`, { file });
  }
  return { code, label: m[1] };
}

/** Throws when a folder held no usable per-language entries. */
export function requireSome<T>(items: T[], dir: string, what: string): T[] {
  if (items.length === 0) throw new UserError(`no ${what} found in this folder`, { file: dir });
  return items;
}
