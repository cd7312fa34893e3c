import { formatValue } from '../report/columns';
import { comparisonSummary } from './comparisonRecord';
import { CORRECTION_LABELS } from './correction';
import type { Comparison, MetricDelta } from './types';

/** Human label of a comparison's test, shared by the exports and the panel header. */
export function describeTest(c: Comparison): string {
  const method = c.test.method === 'randomization' ? 'paired randomisation test (sign flip)' : 'paired bootstrap test';
  return `${method}, ${c.test.samples.toLocaleString('en-US')} samples, seed ${c.test.seed}; ${Math.round(c.test.confidence * 100)}% CI by paired bootstrap (percentile); unit: ${c.test.unit}; ${describeCorrection(c)}`;
}

/** Which p-values decide "significant", and over which family they were corrected. */
export function describeCorrection(c: Comparison): string {
  const t = c.test;
  return t.correction === 'none'
    ? `significant when p < ${t.alpha} (no multiple-comparison correction over the ${t.family} cells)`
    : `significant when p adj. < ${t.alpha}, p adjusted by ${CORRECTION_LABELS[t.correction]} over all ${t.family} cells (every language × metric, and each metric's overall)`;
}

/** p-values: three decimals, and the small ones in scientific notation (1/(samples+1) is the floor). */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

export function formatDelta(metric: string, v: number): string {
  const s = formatValue(metric, v);
  return v > 0 ? `+${s}` : s;
}

/** "3 significant of 60 cells (B better in 2, A better in 1); 9 with uncorrected p < 0.05". */
export function summaryLine(c: Comparison): string {
  const s = comparisonSummary(c);
  const raw = c.test.correction === 'none' ? '' : `; ${s.significantUncorrected} with uncorrected p < ${c.test.alpha}`;
  return `${s.significant} significant of ${s.cells} cells (B better in ${s.betterB}, A better in ${s.betterA})${raw}`;
}

const MARK: Record<MetricDelta['verdict'], string> = { better: '▲ better', worse: '▼ worse', same: '' };

export function comparisonMarkdown(c: Comparison): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    `# XLens comparison: ${c.dataset.name}, ${c.scenario}${c.pivot ? ` (pivot ${c.pivot})` : ''}`,
    '',
    `- A: \`${c.a.model.source}\` (${c.a.model.name}, dim ${c.a.model.dim}, fingerprint ${c.a.model.fingerprint}), ${c.a.createdAt}`,
    `- B: \`${c.b.model.source}\` (${c.b.model.name}, dim ${c.b.model.dim}, fingerprint ${c.b.model.fingerprint}), ${c.b.createdAt}`,
    `- dataset: ${c.dataset.path} (${c.dataset.unit}s); query languages: ${c.languages.join(', ')}`,
    `- test: ${describeTest(c)}`,
    `- Δ = B − A; ${c.pairing.matched} paired per-query records`,
    `- ${summaryLine(c)}`,
  ];
  for (const m of c.metrics) {
    out.push('', `## ${m.name}${m.lowerIsBetter ? ' (lower is better)' : ''}`, '');
    out.push('| lang | queries | A | B | Δ | 95% CI | p | p adj. | B wins/ties/losses | |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of c.rows) {
      const d = r.deltas[m.name];
      if (!d) continue;
      const ci = `[${formatDelta(m.name, d.ci[0])}, ${formatDelta(m.name, d.ci[1])}]`;
      out.push(`| ${esc(r.lang)} | ${d.queries} | ${formatValue(m.name, d.a)} | ${formatValue(m.name, d.b)} | ${formatDelta(m.name, d.delta)} | ${ci} | ${formatP(d.p)} | ${formatP(d.pAdjusted)} | ${d.wins}/${d.ties}/${d.losses} | ${MARK[d.verdict]} |`);
    }
  }
  if (c.notes.length) out.push('', '## Notes', '', ...c.notes.map((n) => `- ${n}`));
  out.push('');
  return out.join('\n');
}

/** One row per language × metric, full precision, for spreadsheets. */
export function comparisonCsv(c: Comparison): string {
  const cell = (v: string | number | boolean) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [['lang', 'metric', 'lower_is_better', 'queries', 'a', 'b', 'delta', 'ci_low', 'ci_high', 'p', 'p_adjusted', 'correction', 'wins', 'ties', 'losses', 'verdict', 'method', 'samples', 'seed'].join(',')];
  for (const r of c.rows)
    for (const m of c.metrics) {
      const d = r.deltas[m.name];
      if (!d) continue;
      lines.push([r.lang, m.name, m.lowerIsBetter, d.queries, d.a, d.b, d.delta, d.ci[0], d.ci[1], d.p, d.pAdjusted, c.test.correction, d.wins, d.ties, d.losses, d.verdict, c.test.method, c.test.samples, c.test.seed].map(cell).join(','));
    }
  return lines.join('\n') + '\n';
}
