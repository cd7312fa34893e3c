import type { ParallelSet, Sentence } from './corpus';
import type { LoadContext } from './context';

interface Entry {
  text: string;
  file: string;
  line?: number;
  category?: string;
}

const at = (e: { file: string; line?: number }): string => (e.line === undefined ? e.file : `${e.file}:${e.line}`);

/**
 * Collects the sentences of one parallel set and checks it: no duplicate ids within a language,
 * no empty texts, every id present in every language (else "mismatched parallel ids"), and the
 * same category for an id everywhere. With skips allowed, a bad id is dropped in every language
 * so the set stays parallel.
 */
export class ParallelSetBuilder {
  private readonly byLang = new Map<string, Map<string, Entry>>();
  private readonly fileOf = new Map<string, string>();
  private readonly dropped = new Set<string>();

  constructor(
    private readonly ctx: LoadContext,
    readonly name: string,
    /** Prepended to sentence ids so they stay unique across sets (`deu-eng/`). */
    private readonly idPrefix = '',
  ) {}

  add(lang: string, key: string, text: string, file: string, line?: number, category?: string): void {
    let m = this.byLang.get(lang);
    if (!m) {
      m = new Map();
      this.byLang.set(lang, m);
      this.fileOf.set(lang, file);
    }
    const prev = m.get(key);
    if (prev) {
      this.ctx.problem(file, line, `duplicate id '${key}' for ${lang} (first at ${at(prev)}); this one skipped`);
      return;
    }
    if (text.trim() === '') {
      this.ctx.problem(file, line, `empty text for id '${key}' (${lang}); id skipped in every language`);
      this.dropped.add(key);
      return;
    }
    m.set(key, { text, file, line, category });
  }

  /** Drop an id in every language after the caller recorded the problem that caused it. */
  drop(key: string): void {
    this.dropped.add(key);
  }

  /** The checked set over `langs` (in that order). */
  build(langs: string[]): ParallelSet {
    const maps = langs.map((l) => this.byLang.get(l) ?? new Map<string, Entry>());
    const keys = new Set<string>();
    for (const m of maps) for (const k of m.keys()) keys.add(k);
    for (const key of keys) {
      if (this.dropped.has(key)) continue;
      const present = maps.findIndex((m) => m.has(key));
      const first = maps[present].get(key) as Entry;
      for (let i = 0; i < langs.length; i++) {
        const e = maps[i].get(key);
        if (!e) {
          const where = this.fileOf.get(langs[i]) ?? 'its input';
          this.ctx.problem(first.file, first.line,
            `mismatched parallel ids: '${key}' is in ${langs[present]} but missing in ${langs[i]} (${where}); id skipped`);
          this.dropped.add(key);
          break;
        }
        if (e.category !== first.category) {
          this.ctx.problem(e.file, e.line,
            `id '${key}' has category '${e.category ?? ''}' but '${first.category ?? ''}' at ${at(first)}; id skipped`);
          this.dropped.add(key);
          break;
        }
      }
    }
    const sentences: Sentence[] = [];
    for (let i = 0; i < langs.length; i++) {
      for (const [key, e] of maps[i]) {
        if (this.dropped.has(key)) continue;
        const s: Sentence = { id: `${this.idPrefix}${langs[i]}/${key}`, key, lang: langs[i], text: e.text, source: { file: e.file, line: e.line } };
        if (e.category !== undefined) s.category = e.category;
        sentences.push(s);
      }
    }
    return { name: this.name, languages: [...langs], sentences };
  }
}
