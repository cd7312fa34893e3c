import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { HostToWebview, MaxrRun, MaxrState } from '../../src/protocol';
import { bannerOf, exportButtons, renderBanner, type Banner } from '../common/banner';
import { dataTable, seriesRows } from '../common/dataTable';
import { clear, el, fmt, languageColour } from '../common/dom';
import { onThemeChange, themeColour } from '../common/theme';
import { languageLabel } from '../common/languageLabel';
import { connect } from '../common/vscodeApi';
import { completeCurveChart, DASHES } from './completeCurveChart';
import { histogramChart } from './histogramChart';
import { inclinationChart } from './inclinationChart';
import { definitionsList, maxrTable, summaryCards } from './summary';
import { svg } from './svg';

/**
 * Max@R report panel: headline figures, the per-language Max@R table, the Complete@K curve,
 * the MaxRank histogram, EIR/SIR per language and the definitions, with exports. The histogram's
 * language and the hidden curve series are saved with setState.
 */
const vs = connect<MaxrState>({});
const app = document.getElementById('app')!;

let data: MaxrRun | undefined;
let banner: Banner | undefined;
let exportRequest = 0;

vs.onMessage((m: HostToWebview) => {
  switch (m.type) {
    case 'maxr/run':
      data = m.data;
      banner = undefined;
      vs.saveState({ run: m.data.run });
      break;
    case 'maxr/exportContent':
      if (m.requestId !== exportRequest) return;
      // The common export message: the host shows the save dialog and writes the file.
      vs.post({ type: 'export', format: m.format, suggestedName: m.suggestedName, content: m.content });
      banner = { kind: 'status', message: `Saving ${m.suggestedName}…` };
      break;
    case 'error':
    case 'unavailable':
      if (m.type === 'unavailable') data = undefined;
      banner = bannerOf(m);
      break;
    default:
      return;
  }
  render();
});

// Theme switches change the CSS variables; SVG colours are resolved values, so redraw.
onThemeChange(render);

function render(): void {
  const focusKey = document.activeElement?.getAttribute('data-key');
  clear(app);
  if (!renderBanner(app, banner, !!data) || !data) return;
  const d = data;
  const s = vs.state();
  const r = d.report;
  const codes = r.dataset.languages.map((l) => l.code);
  const colour = (lang: string) => (lang === 'all' ? themeColour('--vscode-foreground') : languageColour(Math.max(0, codes.indexOf(lang))));
  const dash = (lang: string) => (lang === 'all' ? '' : DASHES[Math.max(0, codes.indexOf(lang)) % DASHES.length]);

  const exports = exportButtons(['md', 'csv', 'json'] as const, (format) => vs.post({ type: 'maxr/export', requestId: ++exportRequest, format }));
  app.append(
    el('div', { className: 'section-head' }, [el('h1', { text: `Max@R · ${d.run.label}` }), exports]),
    el('p', { className: 'muted run-info', text: `model ${r.model.source} (dim ${r.model.dim}) · ${r.dataset.name} (${r.dataset.queries} queries, ${r.dataset.documents} ${r.dataset.unit}s) · scenario ${r.scenario}${r.pivot ? ` (pivot ${r.pivot})` : ''} · ${new Date(r.createdAt).toLocaleString()}` }),
    summaryCards(d),
    el('h2', { text: 'Per query language' }),
    el('div', { className: 'table-scroll' }, [maxrTable(d)]),
  );

  // Complete@K curve with a legend that shows/hides series.
  const hidden = new Set(s.hiddenSeries ?? []);
  const legend = el(
    'div',
    { className: 'legend' },
    d.figures.series.map((ser) => {
      const item = el('button', { className: `legend-item${hidden.has(ser.lang) ? ' hidden' : ''}`, attrs: { type: 'button', 'aria-pressed': String(!hidden.has(ser.lang)), 'data-key': `legend:${ser.lang}` } }, [
        lineSample(colour(ser.lang), dash(ser.lang), ser.lang === 'all' ? 3 : 2),
        ser.lang === 'all' ? 'all queries' : languageLabel(ser.lang, d.languageNames),
      ]);
      item.addEventListener('click', () => {
        if (hidden.has(ser.lang)) hidden.delete(ser.lang);
        else hidden.add(ser.lang);
        vs.saveState({ hiddenSeries: [...hidden] });
        render();
      });
      return item;
    }),
  );
  app.append(
    el('h2', { text: 'Complete@K' }),
    el('p', {
      className: 'muted',
      text:
        d.figures.source === 'perQuery'
          ? `Fraction of queries whose relevant documents are all within the top K, K = ${d.figures.series[0]?.curve.k[0] ?? 1}…${d.figures.series[0]?.curve.k.at(-1) ?? ''}${d.figures.poolSize ? ` (pool of ${d.figures.poolSize})` : ''}.`
          : 'This run was saved without per-query records: the curve joins the report’s Complete@K values only.',
    }),
    legend,
    completeCurveChart(d.figures.series.filter((x) => !hidden.has(x.lang)), colour, dash, r.completeK),
    dataTable({
      summary: 'Data table: Complete@K per language',
      columns: ['K', ...d.figures.series.map((x) => (x.lang === 'all' ? 'all queries' : x.lang))],
      rows: seriesRows(d.figures.series.map((x) => ({ name: x.lang, xs: x.curve.k, ys: x.curve.complete })), String, (v) => v.toFixed(3)),
    }),
  );

  // MaxRank histogram for one language or all queries.
  app.append(el('h2', { text: 'MaxRank histogram' }));
  const withBins = d.figures.series.filter((x) => x.histogram.length);
  if (withBins.length) {
    const lang = withBins.some((x) => x.lang === s.language) ? s.language! : 'all';
    const select = el(
      'vscode-single-select',
      { attrs: { 'aria-label': 'Histogram language', 'data-key': 'histogram-language' } },
      withBins.map((x) => el('vscode-option', { text: x.lang === 'all' ? 'all queries' : languageLabel(x.lang, d.languageNames), attrs: { value: x.lang } })),
    );
    select.value = lang;
    select.addEventListener('change', () => {
      vs.saveState({ language: select.value });
      render();
    });
    const ser = withBins.find((x) => x.lang === lang)!;
    app.append(
      el('div', { className: 'toolbar' }, [el('span', { text: 'Queries' }), select, el('span', { className: 'muted', text: `${ser.queries} queries · Max@R ${ser.maxR.toFixed(1)} · median ${ser.median}` })]),
      histogramChart(ser.histogram, colour(lang), `MaxRank histogram, ${lang}`),
      dataTable({
        summary: `Data table: MaxRank histogram, ${lang === 'all' ? 'all queries' : lang}`,
        columns: ['MaxRank', 'queries'],
        rows: ser.histogram.map((b) => [b.lo === b.hi ? String(b.lo) : `${b.lo}–${b.hi}`, String(b.count)]),
      }),
    );
  } else app.append(el('p', { className: 'muted', text: 'The histogram needs per-query records (evaluate with --per-query).' }));

  if (Object.values(r.byLanguage).some((v) => v.EIR !== undefined)) {
    app.append(
      el('h2', { text: `English inclination: EIR and SIR${r.pivot ? ` (pivot ${r.pivot})` : ''}` }),
      el('p', { className: 'muted', text: 'EIR: an irrelevant pivot-language document outranks the relevant one in the query language. SIR: the mirror. EIR high / SIR low = inclination towards the pivot; the reverse = language clustering.' }),
      inclinationChart(r.byLanguage, { eir: themeColour('--vscode-charts-orange'), sir: themeColour('--vscode-charts-blue') }),
      dataTable({
        summary: 'Data table: EIR and SIR per query language',
        columns: ['lang', 'EIR', 'SIR'],
        rows: Object.entries(r.byLanguage)
          .filter(([, v]) => v.EIR !== undefined || v.SIR !== undefined)
          .map(([l, v]) => [l, fmt('EIR', v.EIR), fmt('SIR', v.SIR)]),
      }),
    );
  }

  app.append(el('h2', { text: 'Definitions' }), definitionsList(r.definitions));
  if (focusKey) (app.querySelector(`[data-key="${CSS.escape(focusKey)}"]`) as HTMLElement | null)?.focus();
}

/** The legend's sample of a series' line: its colour and dash pattern. */
function lineSample(colour: string, dash: string, width: number): SVGSVGElement {
  const line = svg('line', { x1: 1, x2: 23, y1: 6, y2: 6, stroke: colour, 'stroke-width': width });
  if (dash) line.setAttribute('stroke-dasharray', dash);
  return svg('svg', { width: 24, height: 12, class: 'line-sample', 'aria-hidden': 'true' }, [line]);
}

render();
vs.post({ type: 'ready' });
