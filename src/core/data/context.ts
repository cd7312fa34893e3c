import { UserError, throwIfAborted } from '../errors';
import type { TaskOptions } from '../progress';
import type { FormatId, Language, Skipped } from './corpus';
import { canonicalLang, languageName } from './languages';

export interface LoadOptions extends TaskOptions {
  /** Skip auto-detection. */
  format?: FormatId;
  /** Languages to keep, user or canonical codes (`['de', 'eng_Latn']` or `"de,eng_Latn"`). */
  langs?: string[] | string;
  /** Split(s) to read where the format has them (SIB-200: train/dev/test, FLORES: dev/devtest). */
  split?: string;
  /** Record skippable problems in `corpus.skipped` instead of throwing. */
  allowSkips?: boolean;
  /** Retrieval datasets: the language of rows that have no language field and no language folder. */
  lang?: string;
}

/** Shared state of one `loadCorpus` call: skip policy, language filter, progress, cancellation. */
export class LoadContext {
  readonly skipped: Skipped[] = [];
  readonly allowSkips: boolean;
  readonly split?: string;
  /** Retrieval datasets: the language (label as given) of rows without one (`--lang`). */
  readonly defaultLang?: string;
  /** Canonical codes requested, or undefined for "all". */
  readonly wanted?: Set<string>;
  private readonly opts: LoadOptions;

  constructor(opts: LoadOptions = {}) {
    this.opts = opts;
    this.allowSkips = opts.allowSkips === true;
    this.split = opts.split;
    if (opts.lang !== undefined) {
      canonicalLang(opts.lang);
      this.defaultLang = opts.lang;
    }
    const langs = typeof opts.langs === 'string' ? opts.langs.split(/[\s,]+/).filter(Boolean) : opts.langs;
    if (langs && langs.length > 0) this.wanted = new Set(langs.map(canonicalLang));
  }

  /**
   * A problem with one input unit. Throws a UserError naming file and line, unless skips are
   * allowed: then it is recorded and the caller drops the unit.
   */
  problem(file: string, line: number | undefined, reason: string): void {
    if (!this.allowSkips) {
      throw new UserError(reason, { file, line, hint: 'allow skips (--allow-skips) to skip such inputs and list them' });
    }
    this.skipped.push(line === undefined ? { file, reason } : { file, line, reason });
  }

  wants(code: string): boolean {
    return this.wanted === undefined || this.wanted.has(code);
  }

  /** Throws a UserError listing what `available` has when a requested language is absent. */
  checkRequested(available: Language[], source: string): void {
    if (!this.wanted) return;
    const have = new Set(available.map((l) => l.code));
    const missing = [...this.wanted].filter((c) => !have.has(c));
    if (missing.length === 0) return;
    const list = available.map((l) => (l.label === l.code ? l.code : `${l.code} (${l.label})`)).join(', ');
    throw new UserError(
      `${missing.map((c) => `'${c}' (${languageName(c)})`).join(', ')} not in ${source}; it has: ${list || 'no languages'}`,
    );
  }

  /** `available` restricted to the requested languages (after checking they all exist). */
  select<T extends { lang: Language }>(available: T[], source: string): T[] {
    this.checkRequested(available.map((a) => a.lang), source);
    return available.filter((a) => this.wants(a.lang.code));
  }

  progress(phase: string, done: number, total?: number): void {
    this.opts.onProgress?.({ phase, done, total, unit: 'items' });
  }

  get signal(): AbortSignal | undefined {
    return this.opts.signal;
  }

  checkAborted(): void {
    throwIfAborted(this.opts.signal);
  }
}
