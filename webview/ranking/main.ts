import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { HostToWebview, RankedList, RankingRun, RankingState, WorstBy, WorstQuery } from '../../src/protocol';
import { bannerOf, renderBanner, type Banner } from '../common/banner';
import { clear, el, languageColour } from '../common/dom';
import { languageLabel } from '../common/languageLabel';
import { connect } from '../common/vscodeApi';
import { baselineLabel, baselineNote } from './baselineRow';
import { heatmap } from './heatmap';
import { metricsTable } from './metricsTable';
import { rankedListView } from './rankedListView';
import { worstView } from './worstView';

/**
 * Ranking table panel: metrics per query language (sortable, headline or all), the cross heatmap,
 * a language's worst queries and a query's ranked list. Every user choice goes to setState, so a
 * reloaded window comes back to the same view; the host re-sends the run on `ready`.
 */
const vs = connect<RankingState>({});
const app = document.getElementById('app')!;
const WORST_LIMIT = 100;

let data: RankingRun | undefined;
let banner: Banner | undefined;
let worst: { requestId: number; rows?: WorstQuery[]; total?: number; error?: string } | undefined;
let list: { requestId: number; list?: RankedList; error?: string } | undefined;
let nextRequest = 1;
/** Why the last "Add MTEB baseline…" failed (shown until the next attempt). */
let baselineError: string | undefined;

vs.onMessage((m: HostToWebview) => {
  switch (m.type) {
    case 'ranking/run':
      data = m.data;
      banner = undefined;
      vs.saveState({ run: m.data.run });
      if (data.perQuery > 0) {
        if (vs.state().drillLanguage) requestWorst();
        if (vs.state().openQuery) requestList();
      }
      break;
    case 'ranking/worst':
      if (worst?.requestId !== m.requestId) return; // an answer to a request since replaced
      worst = { requestId: m.requestId, rows: m.rows, total: m.total };
      break;
    case 'ranking/list':
      if (list?.requestId !== m.requestId) return;
      list = { requestId: m.requestId, list: m.list };
      break;
    case 'ranking/baseline':
      baselineError = m.error;
      if (m.baseline) vs.saveState({ baseline: m.baseline });
      break;
    case 'ranking/failed':
      if (worst?.requestId === m.requestId) worst = { requestId: m.requestId, error: m.message };
      else if (list?.requestId === m.requestId) list = { requestId: m.requestId, error: m.message };
      else return;
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
  if (m.type === 'ranking/list') document.querySelector('.ranked-list')?.scrollIntoView({ block: 'start' });
});

function requestWorst(): void {
  const s = vs.state();
  if (!s.drillLanguage) return;
  const requestId = nextRequest++;
  worst = { requestId };
  vs.post({ type: 'ranking/worst', requestId, lang: s.drillLanguage, by: s.drillBy ?? 'AP', task: s.drillTask, limit: WORST_LIMIT });
}

function requestList(): void {
  const q = vs.state().openQuery;
  if (!q) return;
  const requestId = nextRequest++;
  list = { requestId };
  vs.post({ type: 'ranking/openQuery', requestId, queryId: q.queryId, task: q.task });
}

function drill(lang: string, task?: string): void {
  vs.saveState({ drillLanguage: lang, drillTask: task, openQuery: undefined });
  list = undefined;
  requestWorst();
  render();
  document.querySelector('.worst')?.scrollIntoView({ block: 'nearest' });
}

function render(): void {
  const focusKey = document.activeElement?.getAttribute('data-key');
  clear(app);
  if (!renderBanner(app, banner, !!data) || !data) return;
  const s = vs.state();
  const r = data.report;
  const langCodes = r.dataset.languages.map((l) => l.code);
  const langColour = (code: string) => languageColour(Math.max(0, langCodes.indexOf(code)));
  const drillable = data.perQuery > 0;

  app.append(
    el('h1', { text: `Ranking · ${data.run.label}` }),
    el('p', { className: 'muted run-info', text: runInfo(data) }),
  );

  const all = el('vscode-checkbox', { attrs: { label: 'All metrics', 'data-key': 'all-metrics' } });
  all.checked = s.columns === 'all';
  all.addEventListener('change', () => {
    vs.saveState({ columns: all.checked ? 'all' : 'headline' });
    render();
  });
  const addBaseline = el('vscode-button', { text: 'Add MTEB baseline…', title: 'Show a published MTEB result file (TaskResult JSON) under each language', attrs: { secondary: '', 'data-key': 'add-baseline' } });
  addBaseline.addEventListener('click', () => vs.post({ type: 'ranking/addBaseline' }));
  app.append(el('div', { className: 'toolbar' }, [all, addBaseline, el('span', { className: 'muted', text: drillable ? 'Click a language (or Enter on it; arrow keys move between rows) for its worst queries; click a header to sort.' : 'Click a header to sort.' })]));
  if (!drillable)
    app.append(
      el('p', { className: 'notice', text: 'This run was saved without per-query records, so worst queries and ranked lists are not available. Evaluate again with per-query records (CLI: --per-query) to drill down.' }),
    );

  const columns = s.columns === 'all' ? data.columns.all : data.columns.headline;
  if (baselineError) app.append(el('p', { className: 'error banner', text: `MTEB baseline not added: ${baselineError}`, attrs: { role: 'status' } }));
  if (s.baseline) {
    const remove = el('vscode-button', { text: 'Remove baseline', attrs: { secondary: '', 'data-key': 'remove-baseline' } });
    remove.addEventListener('click', () => {
      vs.saveState({ baseline: undefined });
      render();
    });
    app.append(
      el('div', { className: 'baseline-info' }, [
        el('p', {}, [el('strong', { className: 'baseline-label', text: baselineLabel(s.baseline) }), ' ', remove]),
        el('p', { className: 'muted baseline-note', text: baselineNote(s.baseline, columns, Object.keys(r.byLanguage)), title: s.baseline.leftOut.join('\n') }),
      ]),
    );
  }
  app.append(
    el('div', { className: 'table-scroll' }, [
      metricsTable({
        byLanguage: r.byLanguage,
        overall: r.overall,
        columns,
        definitions: r.definitions,
        sort: s.sort && (s.sort.column === 'lang' || columns.includes(s.sort.column)) ? s.sort : undefined,
        selected: s.drillLanguage,
        baseline: s.baseline,
        names: data.languageNames,
        onRow: drillable ? (lang) => drill(lang) : undefined,
        onSort: (sort) => {
          vs.saveState({ sort });
          render();
        },
      }),
    ]),
  );

  if (r.matrix) app.append(matrixSection(r.matrix, drillable));

  if (drillable && s.drillLanguage) {
    const tasks = r.matrix ? Object.keys(r.matrix[s.drillLanguage] ?? {}).map((m) => `${s.drillLanguage}→${m}`) : [];
    app.append(
      worstView({
        lang: s.drillLanguage,
        langLabel: languageLabel(s.drillLanguage, data.languageNames),
        by: s.drillBy ?? 'AP',
        task: s.drillTask,
        tasks,
        rows: worst?.rows,
        total: worst?.total,
        error: worst?.error,
        selected: s.openQuery,
        onBy: (by: WorstBy) => {
          vs.saveState({ drillBy: by });
          requestWorst();
          render();
        },
        onTask: (task) => {
          vs.saveState({ drillTask: task });
          requestWorst();
          render();
        },
        onQuery: (q) => {
          vs.saveState({ openQuery: { queryId: q.queryId, task: q.task } });
          requestList();
          render();
        },
        onClose: () => {
          vs.saveState({ drillLanguage: undefined, drillTask: undefined, openQuery: undefined });
          worst = list = undefined;
          render();
        },
      }),
    );
  }
  if (drillable && s.openQuery)
    app.append(
      rankedListView({
        list: list?.list,
        error: list?.error,
        langColour,
        onReveal: (file, line) => vs.post({ type: 'reveal', file, line }),
        onClose: () => {
          vs.saveState({ openQuery: undefined });
          list = undefined;
          render();
        },
      }),
    );

  if (focusKey) (app.querySelector(`[data-key="${CSS.escape(focusKey)}"]`) as HTMLElement | null)?.focus();
}

function matrixSection(matrix: NonNullable<RankingRun['report']['matrix']>, drillable: boolean): HTMLElement {
  const s = vs.state();
  const first = Object.values(Object.values(matrix)[0] ?? {})[0] ?? {};
  const metrics = Object.keys(first).filter((k) => k !== 'queries');
  const metric = s.heatmapMetric && metrics.includes(s.heatmapMetric) ? s.heatmapMetric : metrics.includes('nDCG@10') ? 'nDCG@10' : metrics[0];
  const select = el(
    'vscode-single-select',
    { attrs: { 'aria-label': 'Heatmap metric', 'data-key': 'heatmap-metric' } },
    metrics.map((k) => el('vscode-option', { text: k, attrs: { value: k } })),
  );
  select.value = metric;
  select.addEventListener('change', () => {
    vs.saveState({ heatmapMetric: select.value });
    render();
  });
  return el('section', { className: 'matrix' }, [
    el('h2', { text: `${metric}: query language (rows) × document language (columns)` }),
    el('div', { className: 'toolbar' }, [el('span', { text: 'Metric' }), select, el('span', { className: 'muted', text: 'More colour = higher value within this matrix.' })]),
    el('div', { className: 'table-scroll' }, [heatmap({ matrix, metric, names: data?.languageNames, onCell: drillable ? (l, m) => drill(l, `${l}→${m}`) : undefined })]),
  ]);
}

function runInfo(d: RankingRun): string {
  const r = d.report;
  return [
    `model ${r.model.source} (dim ${r.model.dim})`,
    `dataset ${r.dataset.name} (${r.dataset.format}, ${r.dataset.queries} queries, ${r.dataset.documents} ${r.dataset.unit}s)`,
    `scenario ${r.scenario}${r.pivot ? ` (pivot ${r.pivot})` : ''}`,
    `${r.retrieval.backend} ${r.retrieval.exact ? 'exact' : 'approximate'}`,
    new Date(r.createdAt).toLocaleString(),
  ].join(' · ');
}

render();
vs.post({ type: 'ready' });
