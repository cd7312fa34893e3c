import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { BitextCell, BitextRun, BitextSort, BitextState, HostToWebview, LanguageDisplay } from '../../src/protocol';
import { bannerOf, exportButtons, renderBanner, type Banner } from '../common/banner';
import { dataTable as table } from '../common/dataTable';
import { clear, el, fmt } from '../common/dom';
import { onThemeChange } from '../common/theme';
import { connect } from '../common/vscodeApi';
import { heatmapCanvas } from './heatmapCanvas';
import { languageBars } from './languageBars';
import { missesTable } from './missesTable';
import { filterLanguages, heatRows, sortLanguages } from './order';

/**
 * Bitext panel: the accuracy heatmap (canvas; sort, filter, group by script), per-language means
 * as source and target, the worst misses, a data table of every value, definitions and exports.
 * Sort, filter and grouping are saved with setState.
 */
const vs = connect<BitextState>({ sort: 'accuracy', filter: '', groupByScript: false });
const app = document.getElementById('app')!;
const MISSES_SHOWN = 50;

let data: BitextRun | undefined;
let banner: Banner | undefined;
let exportRequest = 0;
let selectedPair: string | undefined;
let body: HTMLElement | undefined;

vs.onMessage((m: HostToWebview) => {
  switch (m.type) {
    case 'bitext/run':
      data = m.data;
      banner = undefined;
      selectedPair = undefined;
      vs.saveState({ run: m.data.run });
      break;
    case 'bitext/exportContent':
      if (m.requestId !== exportRequest) return;
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

// Theme switches change the CSS variables the canvas resolved: redraw.
onThemeChange(renderBody);

function render(): void {
  clear(app);
  body = undefined;
  if (!renderBanner(app, banner, !!data) || !data) return;
  const d = data;
  const f = d.figures;
  const exports = exportButtons(['md', 'csv', 'json'] as const, (format) => vs.post({ type: 'bitext/export', requestId: ++exportRequest, format }));
  const o = d.overall;
  app.append(
    el('div', { className: 'section-head' }, [el('h1', { text: `Bitext · ${d.run.label}` }), exports]),
    el('p', { className: 'muted run-info', text: [`model ${d.model}`, d.dataset, `${f.languages.length} languages`, ...(d.timings.total !== undefined ? [`computed in ${d.timings.total} s (encoding ${d.timings.encode} s)`] : [])].join(' · ') }),
    el('p', { className: f.matrix === 'pivot' ? 'notice bx-note' : 'banner bx-note', text: f.note }),
    el('div', { className: 'cards' }, [
      card('BitextAcc', o.BitextAcc, 'L → M, macro over pairs'),
      card('reverse', o['BitextAcc.reverse'], 'M → L'),
      card('margin', o['BitextAcc.margin'], 'ratio margin, k = 4'),
      card('Alignment', o.Alignment, 'mean ‖f(x) − f(y)‖², lower is better'),
      card('Uniformity', o.Uniformity, 'lower is more uniform'),
      card('LangSeparability', o.LangSeparability, 'language-ID accuracy (kNN)'),
    ].filter((c): c is HTMLElement => c !== undefined)),
    controls(),
  );
  body = el('div', { className: 'bx-body' });
  app.append(body);
  renderBody();
}

/** A headline figure; none for a value the report lacks. */
function card(name: string, v: number | undefined, note: string): HTMLElement | undefined {
  if (v === undefined) return undefined;
  return el('div', { className: 'card' }, [el('div', { className: 'card-name', text: name }), el('div', { className: 'card-value', text: fmt(name, v) }), el('div', { className: 'card-note muted', text: note })]);
}

function controls(): HTMLElement {
  const s = vs.state();
  const filter = el('input', { className: 'bx-filter', attrs: { type: 'search', placeholder: 'Filter languages (code, name, script)', 'aria-label': 'Filter languages', value: s.filter ?? '' } });
  filter.addEventListener('input', () => {
    vs.saveState({ filter: filter.value });
    renderBody();
  });
  const sort = el('select', { className: 'bx-sort', attrs: { 'aria-label': 'Sort languages' } }, [
    el('option', { text: 'Sort by accuracy (as source)', attrs: { value: 'accuracy' } }),
    el('option', { text: 'Sort by name', attrs: { value: 'name' } }),
    el('option', { text: 'Corpus order', attrs: { value: 'corpus' } }),
  ]);
  sort.value = s.sort ?? 'accuracy';
  sort.addEventListener('change', () => {
    vs.saveState({ sort: sort.value as BitextSort });
    renderBody();
  });
  const group = el('input', { attrs: { type: 'checkbox', id: 'bx-group' } });
  group.checked = !!s.groupByScript;
  group.addEventListener('change', () => {
    vs.saveState({ groupByScript: group.checked });
    renderBody();
  });
  return el('div', { className: 'toolbar bx-controls' }, [filter, sort, el('label', { attrs: { for: 'bx-group' } }, [group, ' Group by script'])]);
}

function renderBody(): void {
  if (!body || !data) return;
  const f = data.figures;
  const s = vs.state();
  clear(body);
  const names = new Map(f.languages.map((l) => [l.code, l]));
  const visible = sortLanguages(filterLanguages(f.languages, s.filter ?? ''), s.sort ?? 'accuracy', f);
  const rows = heatRows(visible, !!s.groupByScript);
  const ordered = rows.flatMap((r) => (r.kind === 'lang' ? [r.lang] : []));
  const shownCodes = new Set(ordered.map((l) => l.code));
  const pivotLabel = names.get(f.pivot)?.label ?? f.pivot;
  body.append(el('p', { className: 'muted bx-count', text: `${visible.length} of ${f.languages.length} languages shown.` }));
  if (visible.length === 0) return;

  body.append(
    el('h2', { text: 'Accuracy heatmap' }),
    el('p', { className: 'muted', text: f.matrix === 'pivot' ? `Rows: languages; columns: the language's sentences searched among ${pivotLabel} (→ ${pivotLabel}), and ${pivotLabel}'s searched among the language's (${pivotLabel} →). Click a cell for its worst misses.` : 'Rows: source language (sentences searched); columns: target language (searched among). Click a cell for its worst misses.' }),
    heatmapCanvas({ figures: f, rows, languages: ordered, selectedPair, onSelect: (c) => selectPair(c) }),
    el('h2', { text: 'Per language' }),
    el('p', { className: 'muted', text: 'Mean top-1 accuracy over the mined directions in which the language is the source (its sentences are searched) or the target (it is searched among).' }),
    el('div', { className: 'table-scroll bx-bars-scroll' }, [languageBars(f, ordered)]),
  );

  // Worst misses: of the selected pair, else of every pair between shown languages.
  const misses = data.figures.misses.filter((m) => (selectedPair ? m.pair === selectedPair : shownCodes.has(m.sentence.lang) && shownCodes.has(m.targetLang)));
  const head = el('div', { className: 'section-head' }, [el('h2', { text: selectedPair ? `Worst misses · ${selectedPair}` : 'Worst misses' })]);
  if (selectedPair) {
    const all = el('vscode-button', { text: 'All pairs', attrs: { secondary: '', 'data-key': 'misses-all' } });
    all.addEventListener('click', () => {
      selectedPair = undefined;
      renderBody();
    });
    head.append(all);
  }
  body.append(
    head,
    el('p', {
      className: 'muted',
      text: `Sentences whose nearest neighbour is not their translation, worst first (highest rank of the translation). The report keeps ${f.missesTotal ? `${f.missesTotal} misses (3 per pair and direction, by the largest cosine gap); ${f.misses.length} are listed here` : 'no misses'}${misses.length > MISSES_SHOWN ? `, the first ${MISSES_SHOWN} shown` : ''}.`,
    }),
    misses.length ? el('div', { className: 'table-scroll' }, [missesTable(misses.slice(0, MISSES_SHOWN), names)]) : el('p', { className: 'muted', text: 'No misses for these languages.' }),
  );

  body.append(dataTable(f.cells.filter((c) => shownCodes.has(c.source) && shownCodes.has(c.target)), ordered, names), definitions(data.definitions));
}

function selectPair(c: BitextCell): void {
  selectedPair = c.pair;
  renderBody();
  document.querySelector('.bx-misses, .bx-body h2:nth-of-type(3)')?.scrollIntoView({ block: 'nearest' });
}

/** Every value of the heatmap as a table (behind a disclosure): the accessible form of the chart. */
function dataTable(cells: BitextCell[], order: LanguageDisplay[], names: Map<string, LanguageDisplay>): HTMLElement {
  const pos = new Map(order.map((l, i) => [l.code, i]));
  const sorted = [...cells].sort((a, b) => pos.get(a.source)! - pos.get(b.source)! || pos.get(a.target)! - pos.get(b.target)!);
  return table({
    summary: `Data table (${sorted.length} directions)`,
    className: 'bx-data',
    columns: ['source', 'target', 'accuracy', 'margin accuracy', 'sentences'],
    rows: sorted.map((c) => [names.get(c.source)?.display ?? c.source, names.get(c.target)?.display ?? c.target, fmt('acc', c.accuracy), fmt('acc', c.margin), String(c.sentences)]),
  });
}

function definitions(defs: Record<string, string>): HTMLElement {
  return el('details', { className: 'bx-definitions' }, [
    el('summary', { text: 'Definitions' }),
    el('dl', { className: 'definitions' }, Object.entries(defs).flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
  ]);
}

render();
vs.post({ type: 'ready' });
