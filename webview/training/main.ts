import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { TrainingCompareState, TrainingJobInfo, TrainingPlan, TrainingState, TrainingStatus, TrainingSummary } from '../../src/protocol/training';
import { dataTable, seriesRows } from '../common/dataTable';
import { clear, el } from '../common/dom';
import { languageLabel } from '../common/languageLabel';
import { connect } from '../common/vscodeApi';
import { lineChart } from './chart';
import { Curves } from './curves';
import { fmtFigure, lowerIsBetter, metricTitle, renderSummary } from './summary';

/**
 * The training panel: live curves of an adapter-training job (loss and components, learning
 * rate, held-out metrics), a Stop button while it runs, and at the end the summary with
 * "Compare with base model". The host sends a snapshot on every `ready`, then events.
 */
const vs = connect<TrainingState>({ hiddenSeries: [], language: '' });

/** Loss series colours: the total in the foreground colour, components in the chart palette. */
const COMPONENT_COLOURS = ['charts-blue', 'charts-orange', 'charts-green', 'charts-purple', 'charts-red', 'charts-yellow'].map((c) => `var(--vscode-${c})`);
const TOTAL_COLOUR = 'var(--vscode-foreground)';
/** Component dash patterns (the total is solid and thicker): lines differ by more than colour. */
const COMPONENT_DASHES = ['6 3', '2 2', '8 3 2 3', '4 4', '1 3', '10 4'];
const DEFAULT_METRICS = ['bilingual.Max@R', 'bilingual.EIR', 'bilingual.Complete@10', 'bilingual.nDCG@1', 'mono.nDCG@10'];

let curves = new Curves();
let job: TrainingJobInfo | undefined = vs.state().job;
let status: TrainingStatus | undefined;
let plan: TrainingPlan | undefined;
let phase: string | undefined;
let summary: TrainingSummary | undefined;
let message: string | undefined;
let compare: { state: TrainingCompareState; message: string } | undefined;
let stopping = false;

// Layout, built once; the parts below are refilled as data arrives.
const app = document.getElementById('app')!;
const title = el('h1', { text: 'Training' });
const meta = el('p', { className: 'muted' });
const statusLine = el('span', { className: 'tr-status', attrs: { role: 'status', 'aria-live': 'polite' } });
const stopButton = el('vscode-button', { text: 'Stop', title: 'End training now and save the adapter trained so far' });
const compareButton = el('vscode-button', { text: 'Compare with base model', title: 'Evaluate base model and checkpoint on the held-out split (bilingual) and open the Compare view' });
const openButton = el('vscode-button', { text: 'Open checkpoint description', title: 'Open xlens-checkpoint.json' });
openButton.setAttribute('secondary', '');
const notice = el('p', { className: 'tr-notice' });
const compareLine = el('p', { className: 'tr-compare muted', attrs: { role: 'status', 'aria-live': 'polite' } });
const summaryBox = el('div');
const legend = el('div', { className: 'tr-legend', attrs: { role: 'group', 'aria-label': 'Loss series shown' } });
const lossBox = el('div', { className: 'tr-chart-box' });
const lrBox = el('div', { className: 'tr-chart-box' });
const languageSelect = el('vscode-single-select', { attrs: { 'aria-label': 'Validation figures of' } });
const metricsGrid = el('div', { className: 'tr-metrics' });
const charts = el('div', { className: 'tr-charts' }, [
  el('div', { className: 'toolbar' }, [el('h2', { text: 'Loss' }), legend]),
  el('div', { className: 'tr-row' }, [
    el('div', { className: 'tr-cell tr-wide' }, [lossBox]),
    el('div', { className: 'tr-cell' }, [el('h3', { text: 'Learning rate' }), lrBox]),
  ]),
  el('div', { className: 'toolbar' }, [el('h2', { text: 'Validation metrics' }), languageSelect]),
  el('p', { className: 'muted tr-split', text: 'Validation split: part of the training articles (passages, sentences) set aside, never the held-out test ones; it draws these curves, stops training early and picks the saved step. The test split is measured once, after training (the Result table).' }),
  metricsGrid,
]);
// The numbers behind the charts: filled when opened, and refilled with the charts while open.
const lossSummary = 'Data table: loss and learning rate per step';
const validationSummary = 'Data table: validation figures per evaluation';
const dataDetails = [lossSummary, validationSummary].map((summary) => {
  const d = el('details', { className: 'data-table' }, [el('summary', { text: summary })]);
  d.addEventListener('toggle', () => d.open && scheduleDraw());
  return d;
});
charts.append(...dataDetails);
app.append(
  el('header', {}, [title, meta, el('div', { className: 'toolbar' }, [statusLine, stopButton, compareButton, openButton])]),
  notice,
  compareLine,
  summaryBox,
  charts,
);

stopButton.addEventListener('click', () => {
  if (stopping || !running()) return;
  stopping = true;
  vs.post({ type: 'training/stop' });
  renderHeader();
});
compareButton.addEventListener('click', () => {
  if (compare?.state === 'running') return;
  compare = { state: 'running', message: 'Starting the comparison…' };
  vs.post({ type: 'training/compare' });
  renderHeader();
});
openButton.addEventListener('click', () => {
  if (!job) return;
  const sep = job.checkpoint.includes('\\') && !job.checkpoint.includes('/') ? '\\' : '/';
  vs.post({ type: 'reveal', file: `${job.checkpoint}${sep}xlens-checkpoint.json` });
});
languageSelect.addEventListener('change', () => {
  vs.saveState({ language: languageSelect.value });
  scheduleDraw();
});

vs.onMessage((m) => {
  switch (m.type) {
    case 'training/snapshot': {
      const s = m.snapshot;
      curves = new Curves();
      curves.append(s.steps);
      for (const e of s.evals) curves.addEval(e);
      ({ job, status, plan, phase, summary, message, compare } = s);
      stopping = false;
      vs.saveState({ job: s.job, status: s.status });
      renderAll();
      break;
    }
    case 'training/steps':
      if (curves.append(m.steps) > 0) {
        renderHeader();
        scheduleDraw();
      }
      break;
    case 'training/eval':
      curves.addEval(m.point);
      scheduleDraw();
      break;
    case 'training/status':
      ({ status, plan, phase, summary, message } = m);
      vs.saveState({ status });
      renderAll();
      break;
    case 'training/compare':
      compare = { state: m.state, message: m.message };
      renderHeader();
      break;
    case 'error':
      notice.className = 'tr-notice error';
      notice.textContent = m.message;
      if (compare?.state === 'running') compare = { state: 'failed', message: m.message };
      renderHeader();
      break;
    case 'unavailable':
      status = 'gone';
      message = m.message;
      renderAll();
      break;
  }
});

function running(): boolean {
  return status === 'preparing' || status === 'training';
}

function saved(): boolean {
  return status === 'completed' || status === 'early-stop' || status === 'stopped';
}

function renderAll(): void {
  renderHeader();
  clear(summaryBox);
  if (summary && job && saved()) summaryBox.append(renderSummary(summary, job));
  scheduleDraw();
}

function renderHeader(): void {
  if (job) {
    title.textContent = `Training ${job.checkpointLabel}`;
    meta.textContent = `${job.model} + ${job.adapter} adapter · ${job.loss} loss · ${job.langs.map((l) => languageLabel(l, job!.languageNames)).join(', ')} ↔ ${languageLabel(job.pivot, job.languageNames)} · ${job.dataLabel}`;
  }
  statusLine.textContent = statusText();
  stopButton.hidden = !running();
  stopButton.disabled = stopping;
  // Before the first step there is nothing to keep: the host cancels instead of stopping.
  stopButton.textContent = stopping ? 'Stopping…' : status === 'preparing' ? 'Cancel' : 'Stop';
  stopButton.title = status === 'preparing' ? 'Nothing is trained yet: cancel the job' : 'End training now and save the adapter trained so far';
  compareButton.hidden = !saved();
  compareButton.disabled = compare?.state === 'running';
  openButton.hidden = !saved();
  const isError = status === 'failed' || status === 'gone';
  notice.className = isError ? 'tr-notice error' : 'tr-notice muted';
  notice.textContent = message ?? '';
  compareLine.textContent = compare?.message ?? '';
  compareLine.className = compare?.state === 'failed' ? 'tr-compare error' : 'tr-compare muted';
  charts.hidden = status === 'gone' || ((status === 'cancelled' || status === 'failed') && curves.count === 0);
}

function statusText(): string {
  const last = curves.count - 1;
  switch (status) {
    case undefined:
      return 'Waiting for the job…';
    case 'preparing':
      return `Preparing: ${phase ?? 'loading the data'}…`;
    case 'training': {
      if (last < 0) return `Training: ${plan ? `${plan.totalSteps} steps on ${plan.examples} examples` : 'starting'}…`;
      const epochs = plan?.epochs ?? job?.epochs ?? 1;
      const stage = curves.stage[last] ? ` · stage ${curves.stage[last]}` : '';
      return `Step ${curves.step[last]}${plan ? ` of ${plan.totalSteps}` : ''} · epoch ${curves.epoch[last]} of ${epochs} · loss ${curves.loss[last].toFixed(4)}${stage} · ${curves.elapsed[last].toFixed(1)} s`;
    }
    case 'completed':
      return `Completed after ${summary?.steps ?? curves.lastStep} steps; checkpoint saved.`;
    case 'early-stop':
      return `Stopped early after ${summary?.steps ?? curves.lastStep} steps; checkpoint saved.`;
    case 'stopped':
      return `Stopped after ${summary?.steps ?? curves.lastStep} of ${summary?.totalSteps ?? plan?.totalSteps ?? '?'} steps; checkpoint saved.`;
    case 'cancelled':
      return 'Cancelled: nothing was saved.';
    case 'failed':
      return 'Failed.';
    case 'gone':
      return 'Job gone.';
  }
}

let drawPending = false;
function scheduleDraw(): void {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    drawCharts();
  });
}
new ResizeObserver(() => scheduleDraw()).observe(app);

function xDomain(): [number, number] {
  const end = running() ? (plan?.totalSteps ?? curves.lastStep) : Math.max(curves.lastStep, summary?.steps ?? 0, curves.evals.at(-1)?.step ?? 0);
  return [0, Math.max(1, end)];
}

function drawCharts(): void {
  if (charts.hidden) return;
  const width = Math.max(320, app.clientWidth);
  const wide = width >= 760;
  const domain = xDomain();
  const hidden = new Set(vs.state().hiddenSeries);
  const best = curves.bestStep();
  const marker = best !== undefined ? { x: best, label: `best validation ${job?.trackedMetric ?? ''} so far: step ${best}` } : undefined;

  // Loss: the total and each component.
  renderLegend(['total', ...curves.components.keys()], hidden);
  const lossSeries = [
    { name: 'total', colour: TOTAL_COLOUR, xs: curves.step, ys: curves.loss, emphasis: true },
    ...[...curves.components].map(([name, ys], i) => ({ name, colour: COMPONENT_COLOURS[i % COMPONENT_COLOURS.length], dash: COMPONENT_DASHES[i % COMPONENT_DASHES.length], xs: curves.step, ys })),
  ].filter((s) => !hidden.has(s.name));
  const lossW = wide ? Math.floor((width - 24) * 0.66) : width;
  const lrW = wide ? width - 24 - lossW : width;
  replace(lossBox, lineChart({
    label: `Training loss over steps: ${lossSeries.map((s) => s.name).join(', ')}${curves.count ? `; last total ${curves.loss[curves.count - 1].toFixed(4)}` : ''}`,
    width: lossW, height: 240, series: lossSeries, xDomain: domain, yInclude: [0], marker, empty: running() ? 'waiting for the first step…' : 'no steps recorded',
  }));
  replace(lrBox, lineChart({
    label: 'Learning rate over steps', width: lrW, height: 214, exponential: true, yInclude: [0],
    series: [{ name: 'learning rate', colour: 'var(--vscode-charts-purple)', xs: curves.step, ys: curves.lr }], xDomain: domain, empty: '—',
  }));

  // Validation metrics: one small chart each, the base model's value as a reference line.
  const langs = curves.languages();
  const language = langs.includes(vs.state().language) ? vs.state().language : '';
  fillLanguages(langs, language);
  const metrics = curves.metricNames().length ? curves.metricNames() : DEFAULT_METRICS;
  const cols = Math.max(1, Math.floor(width / 260));
  const cardW = Math.floor((width - (cols - 1) * 12) / cols);
  clear(metricsGrid);
  for (const metric of metrics) {
    const { xs, ys } = curves.metric(metric, language);
    const base = xs[0] === 0 ? ys[0] : undefined;
    const lastV = ys.at(-1);
    const card = el('div', { className: 'tr-metric' }, [
      el('h3', {}, [metricTitle(metric), el('span', { className: 'muted', text: lowerIsBetter(metric) ? ' · lower is better' : ' · higher is better' })]),
      el('div', { className: 'muted', text: lastV === undefined ? 'not evaluated yet' : `now ${fmtFigure(lastV)}${base !== undefined ? ` · base ${fmtFigure(base)}` : ''}` }),
      lineChart({
        label: `Validation ${metric}${language ? ` (${language})` : ''} over steps`,
        width: cardW, height: 150, xDomain: domain, marker,
        series: [{ name: metric, colour: 'var(--vscode-charts-blue)', xs, ys, dots: true, emphasis: true }],
        reference: base !== undefined ? { y: base, label: `base model: ${fmtFigure(base)}` } : undefined,
        format: (v) => fmtFigure(v),
        empty: 'first evaluation pending',
      }),
    ]);
    metricsGrid.append(card);
  }
  renderDataTables(metrics, language);
}

/** Loss per step and validation figures per evaluation, as tables behind closed disclosures. */
function renderDataTables(metrics: string[], language: string): void {
  const [lossBox, validationBox] = dataDetails;
  if (lossBox.open) {
    const built = dataTable({
      summary: lossSummary,
      columns: ['step', 'total', ...curves.components.keys(), 'learning rate'],
      rows: seriesRows(
        [{ name: 'total', xs: curves.step, ys: curves.loss }, ...[...curves.components].map(([name, ys]) => ({ name, xs: curves.step, ys })), { name: 'lr', xs: curves.step, ys: curves.lr }],
        String,
        (v) => (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(4)),
      ),
    });
    lossBox.replaceChildren(...Array.from(built.childNodes));
  }
  if (validationBox.open) {
    const built = dataTable({
      summary: validationSummary,
      columns: ['step', ...metrics.map((m) => (language ? `${m} (${language})` : m))],
      rows: seriesRows(metrics.map((m) => ({ name: m, ...curves.metric(m, language) })), String, fmtFigure),
    });
    validationBox.replaceChildren(...Array.from(built.childNodes));
  }
}

let legendNames = '';
/** Legend toggles are rebuilt only when the series change, so keyboard focus stays on them. */
function renderLegend(names: string[], hidden: Set<string>): void {
  if (names.join('\u0000') !== legendNames) {
    legendNames = names.join('\u0000');
    clear(legend);
    names.forEach((name, i) => {
      const b = el('button', { className: 'legend-item', attrs: { type: 'button', 'data-series': name } }, [
        i === 0 ? lineSample(TOTAL_COLOUR, '', 2.5) : lineSample(COMPONENT_COLOURS[(i - 1) % COMPONENT_COLOURS.length], COMPONENT_DASHES[(i - 1) % COMPONENT_DASHES.length], 1.5),
        name,
      ]);
      b.addEventListener('click', () => {
        const next = new Set(vs.state().hiddenSeries);
        if (next.has(name)) next.delete(name);
        else next.add(name);
        vs.saveState({ hiddenSeries: [...next] });
        scheduleDraw();
      });
      legend.append(b);
    });
  }
  for (const b of Array.from(legend.querySelectorAll<HTMLButtonElement>('button'))) {
    const off = hidden.has(b.dataset.series ?? '');
    b.classList.toggle('hidden', off);
    b.setAttribute('aria-pressed', String(!off));
  }
}

let shownLanguages = '';
function fillLanguages(langs: string[], selected: string): void {
  const key = langs.join(',');
  if (key !== shownLanguages) {
    shownLanguages = key;
    clear(languageSelect);
    const all = el('vscode-option', { text: 'Mean over target languages' });
    all.setAttribute('value', '');
    languageSelect.append(all);
    for (const l of langs) {
      const o = el('vscode-option', { text: languageLabel(l, job?.languageNames) });
      o.setAttribute('value', l);
      languageSelect.append(o);
    }
  }
  if (languageSelect.value !== selected) languageSelect.value = selected;
  languageSelect.hidden = langs.length < 2;
}

/** The legend's sample of a series' line: its colour, dash pattern and weight. */
function lineSample(colour: string, dash: string, width: number): SVGSVGElement {
  const NS = 'http://www.w3.org/2000/svg';
  const root = document.createElementNS(NS, 'svg');
  for (const [k, v] of Object.entries({ width: '24', height: '12', class: 'line-sample', 'aria-hidden': 'true' })) root.setAttribute(k, v);
  const line = document.createElementNS(NS, 'line');
  for (const [k, v] of Object.entries({ x1: '1', x2: '23', y1: '6', y2: '6', 'stroke-width': String(width) })) line.setAttribute(k, v);
  line.style.stroke = colour;
  if (dash) line.setAttribute('stroke-dasharray', dash);
  root.append(line);
  return root;
}

function replace(box: HTMLElement, child: Element): void {
  clear(box);
  box.append(child);
}

renderAll();
vs.post({ type: 'ready' });
