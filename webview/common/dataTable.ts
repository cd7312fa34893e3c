import { el } from './dom';

/**
 * The numbers behind a chart, for screen readers and anyone who wants the figures: a table inside
 * a closed disclosure ("Data table …"), so it costs no room until asked for. The first column
 * heads each row.
 */
export interface DataTableSpec {
  /** The disclosure's label, e.g. "Data table: Complete@K per language". */
  summary: string;
  columns: string[];
  rows: string[][];
  className?: string;
}

export function dataTable(spec: DataTableSpec): HTMLDetailsElement {
  return el('details', { className: ['data-table', spec.className].filter(Boolean).join(' ') }, [
    el('summary', { text: spec.summary }),
    el('div', { className: 'table-scroll' }, [
      el('table', { className: 'grid' }, [
        el('thead', {}, [el('tr', {}, spec.columns.map((c) => el('th', { text: c, attrs: { scope: 'col' } })))]),
        el('tbody', {}, spec.rows.map(([head, ...cells]) => el('tr', {}, [el('th', { text: head, attrs: { scope: 'row' } }), ...cells.map((c) => el('td', { text: c }))]))),
      ]),
    ]),
  ]);
}

export interface TableSeries {
  name: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
}

/**
 * Line-chart series as table rows: one row per x of any series (ascending), one column per series;
 * a series with no value at that x shows "–" (nothing is interpolated).
 */
export function seriesRows(series: TableSeries[], formatX: (x: number) => string, formatY: (y: number) => string): string[][] {
  const byX = new Map<number, Array<number | undefined>>();
  series.forEach((s, j) => {
    for (let i = 0; i < s.xs.length; i++) {
      const row = byX.get(s.xs[i]) ?? new Array<number | undefined>(series.length).fill(undefined);
      row[j] = s.ys[i];
      byX.set(s.xs[i], row);
    }
  });
  return [...byX.entries()].sort(([a], [b]) => a - b).map(([x, ys]) => [formatX(x), ...ys.map((y) => (y === undefined || !Number.isFinite(y) ? '–' : formatY(y)))]);
}
