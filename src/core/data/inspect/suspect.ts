import type { AlignedTable } from './table';
import type { UnitIssue } from './types';
import { hasLetter } from './normalise';
import { median } from '../../metrics/stats';

/** A translation this many times longer or shorter than its language's typical ratio is suspect. */
export const LENGTH_RATIO_FACTOR = 3;
/** Below this many characters (longer side) a ratio says little ("Yes." / "Ja, genau."). */
export const LENGTH_RATIO_MIN_CHARS = 20;
/** A language's typical ratio needs this many rows; with fewer, its ratios are not judged. */
export const LENGTH_RATIO_MIN_ROWS = 10;

/** The column translations are compared with: English when present, else the first language. */
export function referenceColumn(t: AlignedTable): number {
  const en = t.languages.indexOf('en');
  return en >= 0 ? en : 0;
}

/**
 * Suspect units: empty (white space only), no letter at all (only digits, punctuation or
 * symbols), a copy of the reference column's text (same normal form, with letters), and a
 * length ratio to the reference that is off its language's median ratio by more than
 * LENGTH_RATIO_FACTOR. `norm[u]` / `chars[u]`: normal form and code-point length of unit u.
 */
export function findSuspects(t: AlignedTable, norm: readonly string[], chars: ArrayLike<number>): UnitIssue[] {
  const issues: UnitIssue[] = [];
  for (let u = 0; u < t.units.length; u++) {
    if (norm[u] === '') issues.push({ unit: u, kind: 'empty', detail: 'empty or white space only' });
    else if (!hasLetter(norm[u])) issues.push({ unit: u, kind: 'nonText', detail: 'no letter: only digits, punctuation or symbols' });
  }
  if (t.languages.length < 2) return issues;
  const ref = referenceColumn(t);
  const refLang = t.languages[ref];
  const logRatios: number[][] = t.languages.map(() => []);
  for (const row of t.rows) {
    const r = row.cells[ref];
    if (r < 0 || norm[r] === '') continue;
    for (let c = 0; c < row.cells.length; c++) {
      const u = row.cells[c];
      if (c === ref || u < 0 || norm[u] === '') continue;
      if (norm[u] === norm[r] && hasLetter(norm[u])) issues.push({ unit: u, kind: 'copy', detail: `same text as the ${refLang} cell (untranslated copy?)` });
      if (chars[u] > 0 && chars[r] > 0) logRatios[c].push(Math.log(chars[u] / chars[r]));
    }
  }
  const typical = logRatios.map((xs) => (xs.length >= LENGTH_RATIO_MIN_ROWS ? median(xs) : undefined));
  const limit = Math.log(LENGTH_RATIO_FACTOR);
  for (const row of t.rows) {
    const r = row.cells[ref];
    if (r < 0 || chars[r] === 0) continue;
    for (let c = 0; c < row.cells.length; c++) {
      const u = row.cells[c];
      const m = typical[c];
      if (c === ref || u < 0 || m === undefined || chars[u] === 0) continue;
      if (Math.max(chars[u], chars[r]) < LENGTH_RATIO_MIN_CHARS || !hasLetter(norm[u])) continue; // no letter: flagged nonText already
      const off = Math.log(chars[u] / chars[r]) - m;
      if (Math.abs(off) > limit) {
        const ratio = chars[u] / chars[r];
        issues.push({
          unit: u,
          kind: 'lengthRatio',
          detail: `${chars[u]} vs ${chars[r]} characters (${refLang}): ratio ${ratio.toFixed(2)}, typical ${Math.exp(m).toFixed(2)}`,
        });
      }
    }
  }
  return issues;
}
