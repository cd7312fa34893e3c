import { headlineColumns } from './columns';
import type { MetricValues, Report } from './schema';

/**
 * CSV after RFC 4180: fields holding a comma, a double quote, CR or LF are quoted, with inner
 * quotes doubled; records end with CRLF (the last one too). Numbers keep full precision.
 */
export function csvField(v: string | number | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvRecord(fields: Array<string | number | undefined>): string {
  return fields.map(csvField).join(',');
}

export function toCsv(records: Array<Array<string | number | undefined>>): string {
  return records.map((r) => csvRecord(r) + '\r\n').join('');
}

/** Every metric key of a report, headline columns first, then the others in first-seen order. */
export function metricKeysOf(r: Report): string[] {
  const seen = new Set<string>();
  const groups: MetricValues[] = [...Object.values(r.byLanguage), r.overall];
  for (const g of groups) for (const k of Object.keys(g)) if (k !== 'queries') seen.add(k);
  const head = headlineColumns(r.scenario, r.k, r.completeK, r.pivot).filter((k) => seen.has(k));
  return [...head, ...[...seen].filter((k) => !head.includes(k))];
}

/**
 * One row per query language and one `overall` row, with every metric. Cross runs add a
 * `doc_lang` column: rows with an empty doc_lang are the per-language means (over M ≠ L), then one
 * row per matrix cell L→M.
 */
export function reportCsv(r: Report): string {
  const keys = metricKeysOf(r);
  const cross = r.matrix !== undefined;
  const header = ['lang', ...(cross ? ['doc_lang'] : []), 'queries', ...keys];
  const row = (lang: string, docLang: string | undefined, v: MetricValues) => [lang, ...(cross ? [docLang ?? ''] : []), v.queries, ...keys.map((k) => v[k])];
  const rows = [header, ...Object.entries(r.byLanguage).map(([l, v]) => row(l, undefined, v)), row('overall', undefined, r.overall)];
  for (const [l, cells] of Object.entries(r.matrix ?? {})) for (const [m, v] of Object.entries(cells)) rows.push(row(l, m, v));
  return toCsv(rows);
}
