import { DEFAULT_MAX_POINTS } from './select';

/**
 * What "Project Sentences…" asks for before projecting a dataset without a run: which languages
 * (a sensible preselection, never every one of 204) and how many points at most. Pure.
 */

/** Preselected when nothing earlier applies: widely spoken languages in several scripts. */
export const DEFAULT_PROJECTION_LANGS = ['en', 'de', 'fr', 'es', 'ru', 'zh', 'ar', 'hi', 'ja', 'sw'];
/** Corpora with at most this many languages start with all of them ticked. */
export const ALL_LANGS_UP_TO = 10;
/** The sample cap offered first: enough for clusters to show, a UMAP of seconds to a minute. */
export const DEFAULT_SAMPLE_CAP = 5_000;

/**
 * Languages ticked when the picker opens: every language of a small corpus; else those of the last
 * projection the corpus has (if any), else the defaults it has, else its first few languages.
 * `available` are canonical codes, in corpus order; the result keeps that order.
 */
export function preselectLanguages(available: readonly string[], last: readonly string[] = [], defaults: readonly string[] = DEFAULT_PROJECTION_LANGS): string[] {
  if (available.length <= ALL_LANGS_UP_TO) return [...available];
  const pick = (wanted: readonly string[]) => available.filter((c) => wanted.includes(c));
  const fromLast = pick(last);
  if (fromLast.length > 0) return fromLast;
  const fromDefaults = pick(defaults);
  if (fromDefaults.length > 0) return fromDefaults;
  return available.slice(0, Math.min(5, available.length));
}

/**
 * The sample cap typed by the user: a positive whole number (thousands separators and a `k`
 * suffix allowed) up to the hard limit. Returns the number, or the reason it is refused.
 */
export function parseSampleCap(text: string, hardLimit = 100_000): { cap: number } | { error: string } {
  const t = text.trim().toLowerCase().replace(/[,_\s]/g, '');
  const m = /^(\d+(?:\.\d+)?)(k?)$/.exec(t);
  if (!m) return { error: 'a whole number of points, e.g. 5000 or 5k' };
  const cap = Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
  if (!Number.isSafeInteger(cap) || cap < 2) return { error: 'at least 2 points' };
  if (cap > hardLimit) return { error: `at most ${hardLimit.toLocaleString('en')} points (the layout needs memory and minutes beyond that)` };
  return { cap };
}

/** The cap offered in the input box: the default, or every point when there are fewer. */
export function suggestedCap(availablePoints: number): number {
  return Math.max(2, Math.min(DEFAULT_SAMPLE_CAP, availablePoints || DEFAULT_MAX_POINTS));
}
