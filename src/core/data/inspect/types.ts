/**
 * What the corpus inspector reports. Plain data (no classes, no Maps): the webview protocol
 * re-exports these types, the CLI prints them as JSON.
 */

/** Kinds of flagged units; `INSPECT_DEFINITIONS` says how each is decided. */
export type IssueKind = 'empty' | 'nonText' | 'duplicate' | 'copy' | 'lengthRatio' | 'language';

export const ISSUE_KINDS: readonly IssueKind[] = ['empty', 'nonText', 'duplicate', 'copy', 'lengthRatio', 'language'];

export interface UnitIssue {
  /** Index into the aligned table's units. */
  unit: number;
  kind: IssueKind;
  /** One line for people, e.g. "same text as row 12 (de.dev:12)". */
  detail: string;
}

/** Mean, median, 95th percentile and maximum of a length (NaN-free: absent when no values). */
export interface Distribution {
  n: number;
  mean: number;
  median: number;
  p95: number;
  max: number;
}

/** The tokenizer lengths were counted with, or why there is none. */
export type TokenizerInfo =
  | { kind: 'model'; model: string; maxLength: number; method?: string }
  | { kind: 'none'; model: string; reason: string };

export interface LanguageStats {
  code: string;
  units: number;
  /** Rows of the table without a unit in this language. */
  missing: number;
  chars?: Distribution;
  words?: Distribution;
  /** Model tokens (special tokens included), when the model has a tokenizer. */
  tokens?: Distribution;
  /** Units longer than the model's max length (cut when encoded). */
  truncated?: number;
  issues: Partial<Record<IssueKind, number>>;
}

/** Declared-versus-detected language per declared language. */
export interface LanguageCheckStats {
  code: string;
  /** The identifier knows this language; if not, every unit is "not checked". */
  supported: boolean;
  units: number;
  /** Detected as the declared language. */
  agree: number;
  /** Flagged: detected reliably as another language with confidence ≥ the threshold. */
  flagged: number;
  /** Checked but undecided: no reliable detection, or another language below the threshold. */
  undecided: number;
  notChecked: number;
  /** Flagged units by detected language. */
  detected: Record<string, number>;
}

export interface LanguageCheckSummary {
  identifier: string;
  threshold: number;
  perLanguage: LanguageCheckStats[];
  totals: { checked: number; agree: number; flagged: number; undecided: number; notChecked: number };
  seconds: number;
}

export interface InspectionSummary {
  name: string;
  path: string;
  format: string;
  kind: 'qa' | 'parallel';
  /** Canonical code and the corpus's own label, column order. */
  languages: Array<{ code: string; label: string }>;
  rows: number;
  units: number;
  /** The column copies and length ratios are measured against. */
  reference?: string;
  tokenizer: TokenizerInfo;
  perLanguage: LanguageStats[];
  /** Flagged units per kind (a unit can have several kinds) and rows with at least one flag. */
  issues: Record<IssueKind, number>;
  flaggedRows: number;
  /** Inputs the loader skipped (empty texts, broken lines, ids missing in some language), with file and line. */
  skipped: { count: number; first: Array<{ file: string; line?: number; reason: string }> };
  definitions: Record<string, string>;
  seconds: number;
}
