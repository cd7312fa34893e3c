/**
 * Which languages a many-language picker opens with ticked (pure: no vscode, unit-tested).
 * A picker over FLORES's 204 varieties must not open with 204 ticks: it opens with the languages
 * of the last run on the same dataset, else, for a large set, the pivot plus a few widely studied
 * languages. Small sets (XQuAD's 12, a 5-language sample) open with every language ticked, as
 * before: there the whole set is the sensible default.
 */

/** Widely evaluated languages, in order of preference, for the default preselection. */
export const DEFAULT_LANGUAGES: readonly string[] = ['en', 'de', 'fr', 'zh', 'ar', 'hi', 'sw', 'es', 'ru', 'ja'];
/** Sets up to this size open fully ticked. */
export const SELECT_ALL_UP_TO = 12;
/** Languages besides the pivot in the default preselection of a larger set. */
export const DEFAULT_EXTRA = 5;

export interface PreselectOptions {
  /** Languages of the last run on this dataset (workspaceState), if any. */
  remembered?: readonly string[];
  /** Ticked first when it is one of `available`. */
  pivot?: string;
}

/** The codes to tick, in `available`'s order (a subset of `available`, never empty unless it is). */
export function preselectLanguages(available: readonly string[], opts: PreselectOptions = {}): string[] {
  const remembered = new Set(opts.remembered ?? []);
  const fromLastRun = available.filter((c) => remembered.has(c));
  if (fromLastRun.length > 0) return fromLastRun;
  if (available.length <= SELECT_ALL_UP_TO) return [...available];
  const chosen = new Set<string>();
  if (opts.pivot && available.includes(opts.pivot)) chosen.add(opts.pivot);
  const extra = DEFAULT_LANGUAGES.filter((c) => c !== opts.pivot && available.includes(c)).slice(0, DEFAULT_EXTRA);
  // None of the usual languages: the first few of the dataset's own order.
  for (const c of extra.length > 0 ? extra : available.filter((c) => c !== opts.pivot).slice(0, DEFAULT_EXTRA)) chosen.add(c);
  return available.filter((c) => chosen.has(c));
}

/** workspaceState key holding, per dataset and purpose, the languages of the last run. */
export const LAST_LANGUAGES_KEY = 'xlens.lastLanguages';

/** What a picker remembers: `query` (query/target languages of Evaluate…, bitext, training) or `pool`. */
export type LanguagePurpose = 'query' | 'pool';

export type RememberedLanguages = Record<string, string[]>;

export function rememberedKey(dataset: string, purpose: LanguagePurpose): string {
  return `${purpose}:${dataset}`;
}

/** The record with `langs` stored for (dataset, purpose); older entries beyond `keep` are dropped. */
export function rememberLanguages(record: RememberedLanguages | undefined, dataset: string, purpose: LanguagePurpose, langs: readonly string[], keep = 50): RememberedLanguages {
  const key = rememberedKey(dataset, purpose);
  const rest = Object.entries(record ?? {}).filter(([k]) => k !== key);
  return Object.fromEntries([...rest.slice(Math.max(0, rest.length - keep + 1)), [key, [...langs]]]);
}
