import type { ComparedMetric, Comparison, ComparisonRow, MetricDelta, MtebBaseline } from '../../src/protocol';
import { el } from '../common/dom';
import { languageLabel, type LanguageNames } from '../common/languageLabel';
import { count, delta, interval, pValue, value } from './format';

const VERDICT: Record<MetricDelta['verdict'], { mark: string; word: string; className: string }> = {
  better: { mark: '▲', word: 'better', className: 'cmp-better' },
  worse: { mark: '▼', word: 'worse', className: 'cmp-worse' },
  same: { mark: '', word: '', className: '' },
};

/**
 * The deltas of the chosen metrics, one row per language (and overall) under each metric, or one
 * row per metric under each language. A significant cell says "better"/"worse" in words and in
 * the theme's test colours; the direction follows the metric (lower Max@R, nMax@R, EIR, SIR is better).
 */
export function deltaTable(c: Comparison, shown: string[], groupBy: 'metric' | 'language', baseline?: MtebBaseline, names: LanguageNames = {}): HTMLTableElement {
  const metrics = c.metrics.filter((m) => shown.includes(m.name));
  // The query count gets a column only when it varies (e.g. a metric some queries lack).
  const counts = new Set(c.rows.filter((r) => r.lang !== 'overall').flatMap((r) => metrics.map((m) => r.deltas[m.name]?.queries).filter((n) => n !== undefined)));
  const showCount = counts.size > 1;
  const adj = c.test.correction === 'holm' ? 'Holm–Bonferroni' : c.test.correction === 'bh' ? 'Benjamini–Hochberg' : 'no correction';
  const columns: Array<[string, string?]> = [
    [groupBy === 'metric' ? 'language' : 'metric'],
    ...(showCount ? [['queries'] as [string]] : []),
    ['A'],
    ['B'],
    ['Δ (B − A)'],
    [`${Math.round(c.test.confidence * 100)}% CI`],
    ['p', 'uncorrected p-value of the paired test'],
    ['p adj.', `p-value corrected (${adj}) over all ${c.test.family} cells (every language × metric and each metric's overall); better/worse use it`],
    ['W / T / L', 'B\'s wins / ties / losses: queries where B is better than A, equal, or worse (by the metric\'s direction)'],
  ];
  const head = el('thead', {}, [el('tr', {}, columns.map(([t, title]) => el('th', { text: t, title, attrs: { scope: 'col' } })))]);
  const body = el('tbody');
  const group = (title: string, note: string) =>
    body.append(el('tr', { className: 'cmp-group' }, [el('th', { attrs: { colspan: String(columns.length), scope: 'colgroup' } }, [title, el('span', { className: 'muted cmp-group-note', text: note })])]));
  const add = (label: string, m: ComparedMetric, r: ComparisonRow) => {
    const d = r.deltas[m.name];
    if (!d) return;
    // A language row reads `de — German`; the MTEB baseline row under it keeps the code.
    body.append(row(groupBy === 'metric' ? languageLabel(label, names) : label, m, d, r, c, showCount));
    const v = baseline?.byLanguage[r.lang]?.[m.name];
    // A published MTEB result under the language's row: its value in the A/B columns' place, and the run's difference from it.
    if (baseline && v !== undefined)
      body.append(
        el('tr', { className: 'baseline-row', attrs: { 'data-baseline-lang': r.lang, 'data-baseline-metric': m.name } }, [
          el('td', { text: `${label} · MTEB baseline`, title: `MTEB baseline: ${baseline.model ?? 'model not named in the file'} (${baseline.fileName})` }),
          ...(showCount ? [el('td')] : []),
          el('td', { text: value(m.name, v), attrs: { colspan: '2' } }),
          el('td', { className: 'muted', text: baselineDifference(m.name, d, v, baseline.comparable), attrs: { colspan: String(columns.length - (showCount ? 4 : 3)) } }),
        ]),
      );
  };
  if (groupBy === 'metric')
    for (const m of metrics) {
      group(m.name, m.lowerIsBetter ? 'lower is better' : 'higher is better');
      for (const r of c.rows) add(r.lang, m, r);
    }
  else
    for (const r of c.rows) {
      group(r.lang === 'overall' ? 'overall (mean over languages)' : languageLabel(r.lang, names), `${count(r.queries)} queries`);
      for (const m of metrics) add(m.name, m, r);
    }
  return el('table', { className: 'grid cmp-table', attrs: { 'aria-label': 'Per-language differences of B against A' } }, [head, body]);
}

/** "A − baseline +0.010, B − baseline +0.030" where MTEB's metric has XLens's definition; otherwise why there is no difference. */
export function baselineDifference(metric: string, d: Pick<MetricDelta, 'a' | 'b'>, v: number, comparable: string[]): string {
  if (!comparable.includes(metric)) return `MTEB's ${metric} is not defined as XLens's: no difference shown`;
  return `A − baseline ${delta(metric, d.a - v)}, B − baseline ${delta(metric, d.b - v)}`;
}

function row(label: string, m: ComparedMetric, d: MetricDelta, r: ComparisonRow, c: Comparison, showCount: boolean): HTMLTableRowElement {
  const v = VERDICT[d.verdict];
  const alpha = c.test.alpha;
  const ps = `p = ${pValue(d.p)}, p adj. = ${pValue(d.pAdjusted)}`;
  const why =
    d.verdict === 'same'
      ? `${ps}: not significant at α = ${alpha} after correction${d.p < alpha ? ' (the uncorrected p alone would have passed)' : ''}`
      : `${ps} < ${alpha}: B is ${v.word} (${m.lowerIsBetter ? 'lower' : 'higher'} ${m.name} is better)`;
  // Significance in words for screen readers and in the tooltip; a coloured arrow on screen.
  const mark = v.mark ? [el('span', { className: 'cmp-mark', text: ` ${v.mark}`, attrs: { 'aria-hidden': 'true' } }), el('span', { className: 'cmp-sr visually-hidden', text: ` ${v.word}` })] : [];
  return el('tr', { className: r.lang === 'overall' ? 'cmp-overall' : '', attrs: { 'data-lang': r.lang, 'data-metric': m.name, 'data-verdict': d.verdict } }, [
    el('td', { text: label, title: `${count(d.queries)} paired queries` }),
    ...(showCount ? [el('td', { text: count(d.queries) })] : []),
    el('td', { text: value(m.name, d.a) }),
    el('td', { text: value(m.name, d.b) }),
    el('td', { className: `cmp-delta ${v.className}`, title: why }, [delta(m.name, d.delta), ...mark]),
    el('td', { className: 'muted cmp-ci', text: interval(m.name, d.ci) }),
    el('td', { className: 'cmp-p muted', text: pValue(d.p), title: why }),
    el('td', { className: `cmp-padj ${v.className}`, text: pValue(d.pAdjusted), title: why }),
    el('td', { className: 'cmp-wtl', text: `${count(d.wins)} / ${count(d.ties)} / ${count(d.losses)}` }),
  ]);
}

/** How many shown cells are significantly better or worse (corrected p), and how many had raw p < α. */
export function tally(c: Comparison, shown: string[]): { better: number; worse: number; cells: number; uncorrected: number } {
  let better = 0;
  let worse = 0;
  let cells = 0;
  let uncorrected = 0;
  for (const r of c.rows)
    for (const name of shown) {
      const d = r.deltas[name];
      if (!d) continue;
      cells++;
      if (d.p < c.test.alpha) uncorrected++;
      if (d.verdict === 'better') better++;
      if (d.verdict === 'worse') worse++;
    }
  return { better, worse, cells, uncorrected };
}
