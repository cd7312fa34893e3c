import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { Comparison, ComparedModel, ComparedRun, HostToWebview, SidebarCompareData } from '../../src/protocol';
import { clear, el } from '../common/dom';
import { languageLabel, type LanguageNames } from '../common/languageLabel';
import { connect } from '../common/vscodeApi';
import { delta, pValue, value } from '../compare/format';

/**
 * Side-bar comparison of two models (Models tree selection or "Compare with Base"): which runs,
 * the headline deltas of B against A with corrected p-values, per-language verdicts, and
 * "Open full comparison". Every text from runs and models goes in through textContent.
 */
const HEADLINE = ['Max@R', 'Complete@10', 'EIR', 'nDCG@10', 'mAP'];
const CORRECTION_NAME = { holm: 'Holm–Bonferroni', bh: 'Benjamini–Hochberg', none: 'no correction' } as const;

const vs = connect<Record<string, never>>({});
const app = document.getElementById('app')!;
app.classList.add('sbc');

vs.onMessage((m: HostToWebview) => {
  if (m.type === 'sidebarCompare/show') render(m.data);
});
vs.post({ type: 'ready' });

function button(text: string, key: string, onClick: () => void, secondary = false): HTMLElement {
  const b = el('vscode-button', { text, attrs: { 'data-key': key, ...(secondary ? { secondary: '' } : {}) } });
  b.addEventListener('click', onClick);
  return b;
}

function models(a: ComparedModel, b: ComparedModel): HTMLElement {
  const line = (side: 'A' | 'B', m: ComparedModel) =>
    el('div', { className: 'sbc-model', attrs: { 'data-side': side } }, [el('strong', { text: `${side} ` }), el('span', { text: m.label, title: m.source }), m.checkpoint ? el('span', { className: 'muted', text: ' · checkpoint' }) : '']);
  return el('div', { className: 'sbc-models' }, [line('A', a), line('B', b), button('Swap A and B', 'swap', () => vs.post({ type: 'sidebarCompare/swap' }), true)]);
}

function runs(runA: ComparedRun, runB: ComparedRun, dataset: string, scenario: string): HTMLElement {
  const when = (r: ComparedRun) => new Date(r.createdAt).toLocaleString();
  return el('div', { className: 'sbc-runs muted', attrs: { 'data-key': 'runs' } }, [
    el('div', { text: `Latest comparable runs on ${dataset} (${scenario}):` }),
    el('div', { text: `A: ${runA.file} · ${when(runA)}`, title: runA.source }),
    el('div', { text: `B: ${runB.file} · ${when(runB)}`, title: runB.source }),
  ]);
}

function render(d: SidebarCompareData): void {
  clear(app);
  if (d.state === 'idle') {
    app.append(el('p', { className: 'muted sbc-idle', text: d.message }));
    return;
  }
  app.append(models(d.a, d.b));
  if (d.state === 'computing') {
    app.append(runs(d.runA, d.runB, d.dataset, d.scenario), el('p', { className: 'sbc-busy', text: 'Running the paired tests…' }));
  } else if (d.state === 'result') {
    app.append(runs(d.runA, d.runB, d.comparison.dataset.name, d.comparison.scenario), ...result(d.comparison, d.languageNames));
  } else if (d.state === 'missing') {
    app.append(el('p', { className: 'sbc-missing', text: d.message }));
    if (d.differs?.length) app.append(el('ul', { className: 'sbc-differs' }, d.differs.map((x) => el('li', { text: x }))));
    app.append(
      el('div', { className: 'toolbar' }, [
        button(`Evaluate A (${d.a.label})…`, 'evaluate-a', () => vs.post({ type: 'sidebarCompare/evaluate', side: 'a' }), d.runsA > 0),
        button(`Evaluate B (${d.b.label})…`, 'evaluate-b', () => vs.post({ type: 'sidebarCompare/evaluate', side: 'b' }), d.runsB > 0),
      ]),
    );
  } else {
    app.append(el('p', { className: 'sbc-failed', text: `The comparison failed: ${d.message}` }));
  }
}

function result(c: Comparison, names: LanguageNames): HTMLElement[] {
  const overall = c.rows.find((r) => r.lang === 'overall') ?? c.rows[0];
  const shown = HEADLINE.filter((m) => c.metrics.some((x) => x.name === m));
  const arrow = (verdict: string) => (verdict === 'better' ? ' ▲' : verdict === 'worse' ? ' ▼' : '');
  const head = el('tr', {}, ['metric', 'A', 'B', 'Δ B−A', 'p adj.'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })));
  const rows = shown.flatMap((name) => {
    const x = overall?.deltas[name];
    if (!x) return [];
    return [
      el('tr', { className: `sbc-row ${x.verdict}`, attrs: { 'data-metric': name, 'data-verdict': x.verdict } }, [
        el('th', { text: name, attrs: { scope: 'row' } }),
        el('td', { text: value(name, x.a) }),
        el('td', { text: value(name, x.b) }),
        el('td', { text: `${delta(name, x.delta)}${arrow(x.verdict)}`, title: `${c.test.confidence * 100}% interval [${delta(name, x.ci[0])}, ${delta(name, x.ci[1])}] · wins/ties/losses of B ${x.wins}/${x.ties}/${x.losses}` }),
        el('td', { text: pValue(x.pAdjusted), title: `uncorrected p ${pValue(x.p)}` }),
      ]),
    ];
  });
  // Over the whole family the correction ran on (every language × metric and overall cell).
  const cells = c.rows.flatMap((r) => Object.values(r.deltas));
  const better = cells.filter((x) => x.verdict === 'better').length;
  const worse = cells.filter((x) => x.verdict === 'worse').length;
  const langs = c.rows
    .filter((r) => r.lang !== 'overall')
    .map((r) => {
      const v = Object.values(r.deltas);
      const up = v.filter((x) => x.verdict === 'better').length;
      const down = v.filter((x) => x.verdict === 'worse').length;
      return el('li', { attrs: { 'data-lang': r.lang } }, [el('span', { text: languageLabel(r.lang, names) }), el('span', { className: 'muted', text: ` · ${up} ▲ ${down} ▼ of ${v.length} · ${r.queries} queries` })]);
    });
  return [
    el('h3', { text: overall && overall.lang !== 'overall' ? `Headline, ${languageLabel(overall.lang, names)}` : `Headline, overall (${c.languages.length} languages)` }),
    el('table', { className: 'sbc-table' }, [el('thead', {}, [head]), el('tbody', {}, rows)]),
    el('p', {
      className: 'sbc-summary',
      text: `${better} better, ${worse} worse of ${c.test.family} cells after ${CORRECTION_NAME[c.test.correction]} (p adj. < ${c.test.alpha}; ${c.test.method}, ${c.test.samples.toLocaleString('en-US')} samples, ${c.pairing.matched} paired queries).`,
    }),
    el('ul', { className: 'sbc-langs' }, langs),
    el('div', { className: 'toolbar' }, [button('Open full comparison', 'open-full', () => vs.post({ type: 'sidebarCompare/openFull' }))]),
  ];
}
