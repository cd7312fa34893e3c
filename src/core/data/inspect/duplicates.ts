import type { AlignedTable } from './table';
import type { UnitIssue } from './types';

const where = (t: AlignedTable, u: number): string => {
  const s = t.units[u].source;
  const file = s ? `${s.file.split(/[\\/]/).pop()}${s.line !== undefined ? `:${s.line}` : ''}` : t.units[u].id;
  return `row ${t.rowOf[u] + 1} (${file})`;
};

/**
 * Exact duplicates after normalisation (`normaliseText`) within one set, language and role (a
 * Tatoeba English sentence in two pair sets is no duplicate): every
 * occurrence after the first is flagged, naming the first. Empty texts are left to `empty`.
 * `norm[u]` is the normal form of unit u (computed once by the caller).
 */
export function findDuplicates(t: AlignedTable, norm: readonly string[]): UnitIssue[] {
  const first = new Map<string, number>();
  const issues: UnitIssue[] = [];
  for (let u = 0; u < t.units.length; u++) {
    if (norm[u] === '') continue;
    const row = t.rows[t.rowOf[u]];
    const key = `${row.role}\u0000${row.set}\u0000${t.units[u].lang}\u0000${norm[u]}`;
    const f = first.get(key);
    if (f === undefined) first.set(key, u);
    else issues.push({ unit: u, kind: 'duplicate', detail: `same text as ${where(t, f)}` });
  }
  return issues;
}
