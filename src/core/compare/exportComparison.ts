import { formatValue } from '../report/columns';
import type { Comparison, MetricDelta } from './types';

/** Human label of a comparison's test, shared by the exports and the panel header. */
export function describeTest(c: Comparison): string {
  const method = c.test.method === 'randomization' ? 'paired randomisation test (sign flip)' : 'paired bootstrap test';
  return `${method}, ${c.test.samples.toLocaleString('en-US')} samples, seed ${c.test.seed}; ${Math.round(c.test.confidence * 100)}% CI by paired bootstrap (percentile); unit: ${c.test.unit}; significant when p < ${c.test.alpha}`;
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
  ];
  for (const m of c.metrics) {
    out.push('', `## ${m.name}${m.lowerIsBetter ? ' (lower is better)' : ''}`, '');
    out.push('| lang | queries | A | B | Δ | 95% CI | p | |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of c.rows) {
      const d = r.deltas[m.name];
      if (!d) continue;
      const ci = `[${formatDelta(m.name, d.ci[0])}, ${formatDelta(m.name, d.ci[1])}]`;
      out.push(`| ${esc(r.lang)} | ${d.queries} | ${formatValue(m.name, d.a)} | ${formatValue(m.name, d.b)} | ${formatDelta(m.name, d.delta)} | ${ci} | ${formatP(d.p)} | ${MARK[d.verdict]} |`);
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
  const lines = [['lang', 'metric', 'lower_is_better', 'queries', 'a', 'b', 'delta', 'ci_low', 'ci_high', 'p', 'verdict', 'method', 'samples', 'seed'].join(',')];
  for (const r of c.rows)
    for (const m of c.metrics) {
      const d = r.deltas[m.name];
      if (!d) continue;
      lines.push([r.lang, m.name, m.lowerIsBetter, d.queries, d.a, d.b, d.delta, d.ci[0], d.ci[1], d.p, d.verdict, c.test.method, c.test.samples, c.test.seed].map(cell).join(','));
    }
  return lines.join('\n') + '\n';
}
