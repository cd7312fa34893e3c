import type { MetricValues } from './schema';

/** The handful of metrics a per-language table shows first, for a report's scenario and k list. */
export function headlineColumns(scenario: string, ks: number[], completeK: number[], pivot?: string): string[] {
  const cols: string[] = [];
  const has = (k: number) => ks.includes(k);
  if (has(1)) cols.push('nDCG@1');
  if (has(10)) cols.push('nDCG@10', 'Recall@10');
  else if (ks.length) cols.push(`nDCG@${ks[ks.length - 1]}`);
  cols.push('mAP', 'Max@R');
  if (scenario !== 'mono' && scenario !== 'cross') cols.push('nMax@R');
  cols.push(completeK.includes(10) ? 'Complete@10' : `Complete@${completeK[completeK.length - 1]}`);
  if (scenario === 'bilingual') {
    cols.push('EIR', 'SIR');
    if (pivot && has(10)) cols.push(`LangShare@10.${pivot}`);
  }
  if (scenario === 'as-given') {
    // No parallel documents: EIR without parallel data (SPEC §3) and how many queries it could not judge.
    cols.push('Max@R.censored', 'EIR', 'EIR.excluded');
    if (pivot && has(10)) cols.push(`LangShare@10.${pivot}`);
  } else cols.push('Alignment');
  return cols;
}

export function formatValue(key: string, v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (key === 'queries' || key === 'pairs' || key.endsWith('.queries') || key.endsWith('.excluded')) return String(Math.round(v));
  if (key === 'Max@R.censored') return v.toFixed(3);
  if (key.startsWith('Max@R')) return v.toFixed(1);
  return v.toFixed(3);
}

/** Plain-text table with aligned columns (first column left-aligned, numbers right-aligned). */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function valueRow(label: string, values: MetricValues, cols: string[]): string[] {
  return [label, ...cols.map((c) => formatValue(c, values[c]))];
}
