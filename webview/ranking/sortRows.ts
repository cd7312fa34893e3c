import type { MetricValues } from '../../src/core/report/schema';

export interface SortSpec {
  column: string;
  descending: boolean;
}

/**
 * Orders language rows by a column: `lang` alphabetically, metrics numerically with missing
 * values last in either direction; ties keep the report's order.
 */
export function sortLanguageRows(rows: Array<[string, MetricValues]>, sort: SortSpec | undefined): Array<[string, MetricValues]> {
  if (!sort) return rows;
  const sign = sort.descending ? -1 : 1;
  const indexed = rows.map((r, i) => ({ r, i }));
  indexed.sort((a, b) => {
    if (sort.column === 'lang') return sign * a.r[0].localeCompare(b.r[0]) || a.i - b.i;
    const x = a.r[1][sort.column];
    const y = b.r[1][sort.column];
    const missX = x === undefined || Number.isNaN(x);
    const missY = y === undefined || Number.isNaN(y);
    if (missX || missY) return missX === missY ? a.i - b.i : missX ? 1 : -1;
    return sign * (x - y) || a.i - b.i;
  });
  return indexed.map((x) => x.r);
}
