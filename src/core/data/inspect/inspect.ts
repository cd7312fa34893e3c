import { throwIfAborted } from '../../errors';
import type { TaskOptions } from '../../progress';
import type { Corpus } from '../corpus';
import { INSPECT_DEFINITIONS } from './definitions';
import { distribution } from './distribution';
import { findDuplicates } from './duplicates';
import { charLength, normaliseText, whitespaceTokens } from './normalise';
import { findSuspects, referenceColumn } from './suspect';
import { alignCorpus, type AlignedTable } from './table';
import { ISSUE_KINDS, type InspectionSummary, type IssueKind, type LanguageCheckSummary, type LanguageStats, type TokenizerInfo, type UnitIssue } from './types';

export interface InspectOptions extends TaskOptions {
  /** The model's tokenizer (`countAll` absent when there is none; `info` says why). */
  tokens: { info: TokenizerInfo; countAll?: (texts: readonly string[], opts?: TaskOptions) => Promise<{ counts: Int32Array; method: string }> };
}

/** An inspected corpus: the aligned table, its flags (sorted by unit) and the summary. */
export interface Inspection {
  table: AlignedTable;
  issues: UnitIssue[];
  summary: InspectionSummary;
  languageCheck?: LanguageCheckSummary;
}

const yieldNow = () => new Promise<void>((r) => setImmediate(r));

/**
 * Length and token statistics per language, duplicates and suspect units of a loaded corpus.
 * The language check runs separately (`checkLanguages`, then `addLanguageCheck`): it is the slow part.
 */
export async function inspectCorpus(corpus: Corpus, opts: InspectOptions): Promise<Inspection> {
  const t0 = performance.now();
  const table = alignCorpus(corpus);
  const n = table.units.length;
  const norm: string[] = new Array(n);
  const chars = new Float64Array(n);
  const words = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    if (u % 2000 === 0) {
      throwIfAborted(opts.signal);
      opts.onProgress?.({ phase: 'counting characters', done: u, total: n, unit: 'texts' });
      await yieldNow();
    }
    const text = table.units[u].text;
    norm[u] = normaliseText(text);
    chars[u] = charLength(text);
    words[u] = whitespaceTokens(text);
  }
  let tokens: Float64Array | undefined;
  let tokenizer = opts.tokens.info;
  if (opts.tokens.countAll && tokenizer.kind === 'model') {
    const r = await opts.tokens.countAll(table.units.map((x) => x.text), { signal: opts.signal, onProgress: opts.onProgress });
    tokens = Float64Array.from(r.counts);
    tokenizer = { ...tokenizer, method: r.method };
  }
  const issues = [...findSuspects(table, norm, chars), ...findDuplicates(table, norm)];
  const maxLength = opts.tokens.info.kind === 'model' ? opts.tokens.info.maxLength : Infinity;

  const byLang = table.languages.map(() => [] as number[]);
  for (let u = 0; u < n; u++) byLang[table.languages.indexOf(table.units[u].lang)].push(u);
  const pick = (xs: Float64Array, us: number[]) => Float64Array.from(us, (u) => xs[u]);
  const perLanguage: LanguageStats[] = table.languages.map((code, c) => {
    const us = byLang[c];
    const s: LanguageStats = { code, units: us.length, missing: table.rows.length - us.length, issues: {} };
    s.chars = distribution(pick(chars, us));
    s.words = distribution(pick(words, us));
    if (tokens) {
      s.tokens = distribution(pick(tokens, us));
      s.truncated = us.reduce((k, u) => k + (tokens[u] > maxLength ? 1 : 0), 0);
    }
    return s;
  });
  const summary: InspectionSummary = {
    name: corpus.name,
    path: corpus.path,
    format: corpus.format,
    kind: corpus.kind,
    languages: corpus.languages.map((l) => ({ code: l.code, label: l.label })),
    rows: table.rows.length,
    units: n,
    reference: table.languages.length > 1 ? table.languages[referenceColumn(table)] : undefined,
    tokenizer,
    perLanguage,
    issues: emptyCounts(),
    flaggedRows: 0,
    skipped: { count: corpus.skipped.length, first: corpus.skipped.slice(0, 100) },
    definitions: INSPECT_DEFINITIONS,
    seconds: 0,
  };
  const inspection: Inspection = { table, issues: [], summary };
  setIssues(inspection, issues);
  summary.seconds = (performance.now() - t0) / 1000;
  return inspection;
}

/** Adds the language check's flags (replacing earlier ones) and its summary. */
export function addLanguageCheck(inspection: Inspection, check: { summary: LanguageCheckSummary; issues: UnitIssue[] }): void {
  inspection.languageCheck = check.summary;
  setIssues(inspection, [...inspection.issues.filter((i) => i.kind !== 'language'), ...check.issues]);
}

function emptyCounts(): Record<IssueKind, number> {
  return Object.fromEntries(ISSUE_KINDS.map((k) => [k, 0])) as Record<IssueKind, number>;
}

/** Sorts the flags by unit and recounts them per kind, per language and per row. */
function setIssues(inspection: Inspection, issues: UnitIssue[]): void {
  const { table, summary } = inspection;
  issues.sort((a, b) => a.unit - b.unit || ISSUE_KINDS.indexOf(a.kind) - ISSUE_KINDS.indexOf(b.kind));
  inspection.issues = issues;
  summary.issues = emptyCounts();
  const col = new Map(table.languages.map((l, i) => [l, i]));
  for (const s of summary.perLanguage) s.issues = {};
  const rows = new Set<number>();
  for (const i of issues) {
    summary.issues[i.kind]++;
    const s = summary.perLanguage[col.get(table.units[i.unit].lang)!];
    s.issues[i.kind] = (s.issues[i.kind] ?? 0) + 1;
    rows.add(table.rowOf[i.unit]);
  }
  summary.flaggedRows = rows.size;
}
