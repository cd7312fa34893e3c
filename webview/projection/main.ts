import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { HostToWebview, ProjectionOutcomes, ProjectionPoints, ProjectionSource, ProjectionState } from '../../src/protocol';
import { el } from '../common/dom';
import { connect } from '../common/vscodeApi';
import type { Mode } from './interaction';
import { pointSet } from './points';
import { ProjectionView } from './projectionView';

/**
 * The Projection panel's webview: a UMAP layout of parallel sentences (a run's corpus, or a
 * dataset without a run) coloured by language or by a per-query outcome of the run.
 * The host sends `projection/points` on every `ready` (also after a window reload); the UI state
 * (source, hidden languages, colouring, kinds, view, search, selection, clicked point, drag mode)
 * lives in setState.
 */
const vscode = connect<ProjectionState>({ hiddenLanguages: [] });
let nextRequest = 1;
let view: ProjectionView | undefined;

const app = document.getElementById('app')!;
const title = el('h1', { text: 'Projection' });
const subtitle = el('p', { className: 'muted pp-subtitle' });
const search = el('vscode-textfield', { attrs: { type: 'search', placeholder: 'Search texts', 'aria-label': 'Search point texts', class: 'pp-search' } });
const matches = el('span', { className: 'muted pp-matches', attrs: { 'aria-live': 'polite' } });
const modes = el('vscode-radio-group', { attrs: { 'aria-label': 'Drag mode' } }, (
  [['pan', 'Pan'], ['box', 'Box select'], ['lasso', 'Lasso']] as const
).map(([value, label]) => el('vscode-radio', { attrs: { name: 'pp-mode', value, label }, text: label })));
const reset = el('vscode-button', { attrs: { secondary: '', title: 'Fit all visible points (key 0 on the plot)' }, text: 'Reset view' });
const status = el('span', { className: 'muted pp-status' });
const controls = el('span', { className: 'pp-controls' });
const legend = el('div', { className: 'pp-legend' });
const key = el('div', { className: 'pp-key', attrs: { 'aria-label': 'Glyphs and colour scale' } });
const plot = el('div', { className: 'pp-plot' });
const side = el('aside', { className: 'pp-side', attrs: { 'aria-label': 'Details' } });
const message = el('div', { className: 'pp-message' });

app.classList.add('pp-app');
app.append(
  el('header', { className: 'pp-header' }, [title, subtitle]),
  el('div', { className: 'toolbar pp-toolbar' }, [search, matches, modes, reset, status]),
  el('div', { className: 'toolbar pp-toolbar pp-toolbar-colour' }, [controls]),
  legend,
  key,
  el('div', { className: 'pp-body' }, [el('div', { className: 'pp-plot-wrap' }, [plot, message]), side]),
);

showMessage('progress', 'Computing the projection…');
restoreControls();

search.addEventListener('input', debounce(() => view?.setSearch(search.value), 150));
modes.addEventListener('change', (e) => {
  const value = (e.target as HTMLElement & { value?: string }).value;
  if (value === 'pan' || value === 'box' || value === 'lasso') view ? view.setMode(value) : vscode.saveState({ mode: value });
});
reset.addEventListener('click', () => view?.resetView());
// Theme switches change the --vscode-* variables: recolour the plot.
new MutationObserver(() => view?.applyTheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.onMessage((m: HostToWebview) => {
  switch (m.type) {
    case 'projection/loading':
      saveSource(m.source);
      title.textContent = `Projection: ${sourceLabel(m.source)}`;
      if (!view) showMessage('progress', 'Computing the projection…');
      break;
    case 'projection/points':
      show(m.points, m.outcomes);
      break;
    case 'projection/neighbours':
      view?.neighbours(m.requestId, m.neighbours, m.error);
      break;
    case 'projection/pool':
      view?.poolList(m.requestId, m.list, m.error);
      break;
    case 'progress':
      if (!view) showMessage('progress', `${m.phase}${m.total ? ` ${m.done}/${m.total}` : ''}…`);
      break;
    case 'error':
      showMessage('error', m.message);
      break;
    case 'unavailable':
      view = undefined;
      plot.replaceChildren();
      showMessage('error', m.message);
      break;
  }
});
vscode.post({ type: 'ready' });

/** A run is kept as `run`, a dataset as `dataset` (what the host recomputes after a reload). */
function saveSource(source: ProjectionSource): void {
  if (source.kind === 'run') vscode.saveState({ run: source.run, dataset: undefined });
  else vscode.saveState({ dataset: source.dataset, run: undefined });
  document.body.dataset.source = source.kind;
}

function sourceLabel(source: ProjectionSource): string {
  return source.kind === 'run' ? source.run.label : source.dataset.label;
}

function show(points: ProjectionPoints, outcomes: ProjectionOutcomes | undefined): void {
  if (points.run.uri) saveSource({ kind: 'run', run: points.run });
  title.textContent = `Projection: ${points.run.label}`;
  const l = points.layout;
  const approx = l.knnRecall
    ? ` · approximate neighbours: ${(100 * l.knnRecall.value).toFixed(1)} % ± ${(100 * l.knnRecall.stdError).toFixed(1)} of the exact ones (checked on ${l.knnRecall.sample.toLocaleString()} points)`
    : '';
  subtitle.textContent = `${l.method.toUpperCase()} of ${new Uint16Array(points.lang).length.toLocaleString()} ${l.dim}-d embeddings · ${l.neighbors} neighbours · min_dist ${l.minDist} · seed ${l.seed}${approx}`;
  try {
    view?.dispose();
    view = undefined;
    view = new ProjectionView(pointSet(points), { legend, key, controls, plot, side, status, matches, search }, {
      state: vscode.state,
      saveState: vscode.saveState,
      requestNeighbours: (index, k) => {
        const requestId = nextRequest++;
        vscode.post({ type: 'projection/neighbours', requestId, index, k });
        return requestId;
      },
      requestPool: (index, pool) => {
        const requestId = nextRequest++;
        vscode.post({ type: 'projection/pool', requestId, index, pool });
        return requestId;
      },
    }, outcomes);
    // Read-only handle for UI tests and debugging in the webview's devtools.
    (window as unknown as { xlensProjection?: ProjectionView }).xlensProjection = view;
    showMessage(undefined);
  } catch (e) {
    showMessage('error', e instanceof Error ? e.message : String(e));
  }
}

function restoreControls(): void {
  const st = vscode.state();
  search.value = st.search ?? '';
  const mode: Mode = st.mode ?? 'pan';
  modes.querySelectorAll('vscode-radio').forEach((r) => (r.checked = r.value === mode));
}

function showMessage(kind: 'progress' | 'error' | undefined, text = ''): void {
  message.replaceChildren();
  message.hidden = kind === undefined;
  // Over a loaded plot an error is a banner at the top, not a curtain.
  message.classList.toggle('pp-banner', view !== undefined);
  if (kind === 'progress') message.append(el('vscode-progress-ring'), el('span', { text }));
  if (kind === 'error') {
    message.append(el('span', { className: 'error', text }));
    if (!view) {
      // `ready` makes the host load the projection again (it forgets failed attempts).
      const retry = el('vscode-button', { attrs: { secondary: '' }, text: 'Retry' });
      retry.addEventListener('click', () => {
        showMessage('progress', 'Computing the projection…');
        vscode.post({ type: 'ready' });
      });
      message.append(retry);
    }
  }
}

function debounce(f: () => void, ms: number): () => void {
  let t = 0;
  return () => {
    clearTimeout(t);
    t = window.setTimeout(f, ms);
  };
}
