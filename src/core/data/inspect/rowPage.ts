import type { Inspection } from './inspect';
import type { RowRole } from './table';
import type { IssueKind } from './types';

/** Which rows the table lists: all, those with any flag, or those with a flag of one kind. */
export type RowView = 'all' | 'flagged' | IssueKind;

export interface RowCell {
  text: string;
  /** The text was cut to CELL_TEXT_LIMIT characters for the table (`chars` is the full length). */
  clipped: boolean;
  chars: number;
  file?: string;
  line?: number;
  issues: Array<{ kind: IssueKind; detail: string }>;
}

export interface PageRow {
  /** 0-based row number in the whole table (shown 1-based). */
  row: number;
  set: string;
  key: string;
  role: RowRole;
  /** One cell per requested language, null where the row lacks it. */
  cells: Array<RowCell | null>;
}

/** Longest text a table cell receives (a page stays small; the source opens the whole text). */
export const CELL_TEXT_LIMIT = 1000;

/** Views by flag list: `setIssues` replaces the list, which retires its views. */
const viewCache = new WeakMap<object, Map<RowView, Int32Array>>();

/** Row numbers of a view, in table order. */
export function rowsOfView(inspection: Inspection, view: RowView): Int32Array {
  let cache = viewCache.get(inspection.issues);
  if (!cache) {
    cache = new Map([['all', Int32Array.from(inspection.table.rows.keys())]]);
    viewCache.set(inspection.issues, cache);
  }
  let rows = cache.get(view);
  if (!rows) {
    const set = new Set<number>();
    for (const i of inspection.issues) if (view === 'flagged' || i.kind === view) set.add(inspection.table.rowOf[i.unit]);
    rows = Int32Array.from([...set].sort((a, b) => a - b));
    cache.set(view, rows);
  }
  return rows;
}

/** Rows `start … start+count` of a view with the cells of `langs` (canonical codes; unknown ones give null cells). */
export function rowPage(inspection: Inspection, view: RowView, start: number, count: number, langs: readonly string[]): { total: number; rows: PageRow[] } {
  const { table } = inspection;
  const ids = rowsOfView(inspection, view);
  const cols = langs.map((l) => table.languages.indexOf(l));
  const issuesOf = unitIssues(inspection);
  const rows: PageRow[] = [];
  const end = Math.min(ids.length, Math.max(0, start) + Math.max(0, count));
  for (let k = Math.max(0, start); k < end; k++) {
    const r = table.rows[ids[k]];
    rows.push({
      row: ids[k],
      set: r.set,
      key: r.key,
      role: r.role,
      cells: cols.map((c) => {
        const u = c < 0 ? -1 : r.cells[c];
        if (u < 0) return null;
        const unit = table.units[u];
        const clipped = unit.text.length > CELL_TEXT_LIMIT;
        return {
          text: clipped ? unit.text.slice(0, CELL_TEXT_LIMIT) : unit.text,
          clipped,
          chars: unit.text.length,
          file: unit.source?.file,
          line: unit.source?.line,
          issues: (issuesOf.get(u) ?? []).map((i) => ({ kind: i.kind, detail: i.detail })),
        };
      }),
    });
  }
  return { total: ids.length, rows };
}

const byUnitCache = new WeakMap<object, Map<number, Inspection['issues']>>();

function unitIssues(inspection: Inspection): Map<number, Inspection['issues']> {
  let m = byUnitCache.get(inspection.issues);
  if (!m) {
    m = new Map();
    for (const i of inspection.issues) {
      const list = m.get(i.unit);
      if (list) list.push(i);
      else m.set(i.unit, [i]);
    }
    byUnitCache.set(inspection.issues, m);
  }
  return m;
}
