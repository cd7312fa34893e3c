import type { CompareSettings, CompareState, Comparison, HostToWebview, RunRef } from '../../src/protocol';
import { clear, el } from '../common/dom';
import type { LanguageNames } from '../common/languageLabel';
import { connect } from '../common/vscodeApi';
import { exportBar, metricPicker, toolbar } from './controls';
import { deltaTable, tally } from './deltaTable';
import { count } from './format';
import { header } from './header';
import { ProjectionPair } from './projectionPair';

/**
 * Compare panel: run B against run A per query language, with the paired test's p-values and
 * intervals. The runs, test settings, metric set and grouping are saved with setState; after a
 * reload the host recomputes from them. Corpus text never appears here; labels go in by textContent.
 */
const DEFAULT_SETTINGS: CompareSettings = { method: 'randomization', samples: 10_000, seed: 0, correction: 'holm' };
const DEFAULT_METRICS = ['nDCG@10', 'mAP', 'Max@R', 'Complete@10', 'EIR'];

const vs = connect<CompareState>({});
// The table is rebuilt on every change; the projections keep their WebGL canvases.
const tableRoot = el('div', { className: 'cmp-main' });
const projRoot = el('section', { className: 'cmp-projections', attrs: { 'aria-label': 'Projections' } });
document.getElementById('app')!.append(tableRoot, projRoot);

let data: { a: RunRef; b: RunRef; comparison: Comparison; exports: { md: string; csv: string }; languageNames: LanguageNames } | undefined;
let banner: { kind: 'error' | 'unavailable' | 'progress'; message: string } | undefined;
let busy = false;
let pair: ProjectionPair | undefined;
/** The runs the shown (or requested) projections belong to. */
let projected: string | undefined;
/** Why the last "Add MTEB baseline…" failed (shown until the next attempt). */
let baselineError: string | undefined;

vs.onMessage((m: HostToWebview) => {
  switch (m.type) {
    case 'compare/result':
      data = { a: m.a, b: m.b, comparison: m.comparison, exports: m.exports, languageNames: m.languageNames ?? {} };
      busy = false;
      banner = undefined;
      vs.saveState({ a: m.a, b: m.b, settings: { method: m.comparison.test.method, samples: m.comparison.test.samples, seed: m.comparison.test.seed, correction: m.comparison.test.correction } });
      // Other runs (a swap) need other projections; after a reload, ask again if they were shown.
      if (projected !== pairKey(m.a, m.b)) resetProjections(vs.state().projections === true);
      break;
    case 'compare/projections': {
      if (!data) return;
      pair?.dispose();
      const label = (side: 'a' | 'b') => {
        const model = data!.comparison[side].model;
        return `${model.name} (${model.source}, dim ${model.dim})`;
      };
      try {
        pair = new ProjectionPair(projRoot, m.a, m.b, m.displacement, m.baseline, m.layout, { a: label('a'), b: label('b'), modelA: data.comparison.a.model.name }, {
          hidden: () => vs.state().hiddenLanguages ?? [],
          view: () => vs.state().projectionView,
          colourBy: () => vs.state().projectionColour ?? 'displacement',
          save: (patch) => vs.saveState(patch),
        }, data.languageNames);
      } catch (e) {
        pair = undefined;
        projectionPrompt(`The projections could not be shown: ${e instanceof Error ? e.message : String(e)}`);
      }
      return;
    }
    case 'compare/baseline':
      baselineError = m.error;
      if (m.baseline) vs.saveState({ baseline: m.baseline });
      break;
    case 'compare/projectionsUnavailable':
      projected = undefined;
      projectionPrompt(m.message);
      return;
    case 'progress':
      busy = true;
      banner = { kind: 'progress', message: `Resampling ${count(m.done)}${m.total ? ` / ${count(m.total)}` : ''}…` };
      break;
    case 'error':
      busy = false;
      banner = { kind: 'error', message: m.message };
      break;
    case 'unavailable':
      busy = false;
      data = undefined;
      pair?.dispose();
      pair = undefined;
      projected = undefined;
      projRoot.replaceChildren();
      banner = { kind: 'unavailable', message: m.message };
      break;
    default:
      return;
  }
  render();
});

/** Ask the host for a new comparison (other settings, or A and B swapped). */
function recompute(a: RunRef, b: RunRef, settings: CompareSettings): void {
  vs.saveState({ a, b, settings });
  busy = true;
  banner = { kind: 'progress', message: 'Comparing…' };
  vs.post({ type: 'compare/run', a, b, settings });
  render();
}

function pairKey(a: RunRef, b: RunRef): string {
  return `${a.uri}\u0000${b.uri}`;
}

/** Drop the shown projections; request new ones, or offer a button that does. */
function resetProjections(request: boolean): void {
  pair?.dispose();
  pair = undefined;
  projected = undefined;
  if (request) requestProjections();
  else projectionPrompt();
}

function requestProjections(): void {
  if (!data) return;
  projected = pairKey(data.a, data.b);
  vs.saveState({ projections: true });
  projRoot.replaceChildren(el('h2', { text: 'Projections in one joint layout' }), el('p', { className: 'muted', text: 'Laying out both runs jointly, then the noise baseline (see the progress notification)…', attrs: { role: 'status' } }));
  vs.post({ type: 'compare/projections' });
}

function projectionPrompt(message?: string): void {
  const button = el('vscode-button', { text: 'Show projections', attrs: { 'data-key': 'show-projections', secondary: '' } });
  button.addEventListener('click', requestProjections);
  projRoot.replaceChildren(
    el('h2', { text: 'Projections in one joint layout' }),
    el('p', {
      className: message ? 'error' : 'muted',
      text:
        message ??
        "Embeds the corpus with each run's model and lays both out together with UMAP, each point pulled toward its position in the other layout; shows how far each point moved against a noise baseline (run A's model laid out with itself). Runs in the engine worker; needs a trusted workspace for local models.",
    }),
    button,
  );
}

function render(): void {
  const focusKey = document.activeElement?.getAttribute('data-key');
  const app = tableRoot;
  clear(app);
  if (!data) {
    app.append(el('p', { className: banner?.kind === 'error' ? 'error' : 'muted', text: banner?.message ?? 'Comparing runs…', attrs: { role: 'status' } }));
    return;
  }
  const { a, b, comparison: c, exports } = data;
  const s = vs.state();
  const settings = s.settings ?? DEFAULT_SETTINGS;
  const groupBy = s.groupBy ?? 'metric';
  const available = c.metrics.map((m) => m.name);
  const shown = (s.metrics ?? DEFAULT_METRICS).filter((n) => available.includes(n));
  const slug = (x: string) => x.replace(/[^\w.-]+/g, '_');

  const bar = toolbar(settings, groupBy, busy, {
    settings: (patch) => recompute(a, b, { ...settings, ...patch }),
    groupBy: (g) => {
      vs.saveState({ groupBy: g });
      render();
    },
    swap: () => {
      // The shared frame is A's layout: a saved view of the old frame means nothing in the new one.
      vs.saveState({ projectionView: undefined });
      recompute(b, a, settings);
    },
  });
  const exportButtons = exportBar((format) =>
    vs.post({ type: 'export', format, suggestedName: `compare-${slug(c.dataset.name)}-${slug(c.scenario)}-${slug(c.a.model.name)}-vs-${slug(c.b.model.name)}.${format}`, content: exports[format] }),
  );
  const picker = metricPicker(c.metrics, shown, (names) => {
    vs.saveState({ metrics: names });
    render();
  });
  const t = tally(c, shown);
  const corr = c.test.correction === 'none' ? 'without correction' : `after ${c.test.correction === 'holm' ? 'Holm–Bonferroni' : 'Benjamini–Hochberg'} over all ${c.test.family} cells`;
  const summary = el('p', { className: 'cmp-summary', attrs: { role: 'status', 'data-testid': 'summary' } }, [
    `Significant ${corr} (p adj. < ${c.test.alpha}): `,
    el('span', { className: t.better ? 'cmp-better' : '', text: `${t.better} better` }),
    ', ',
    el('span', { className: t.worse ? 'cmp-worse' : '', text: `${t.worse} worse` }),
    ` of ${t.cells} language × metric cells shown`,
    el('span', { className: 'muted', text: ` (${t.uncorrected} with uncorrected p < ${c.test.alpha}).` }),
  ]);
  app.append(
    header(c, a, b, exportButtons),
    bar,
    ...(banner ? [el('p', { className: banner.kind === 'error' ? 'error' : 'muted', text: banner.message, attrs: { role: 'status' } })] : []),
    picker,
    baselineBar(s.baseline),
    summary,
    shown.length ? el('div', { className: `cmp-table-wrap${busy ? ' cmp-stale' : ''}` }, [deltaTable(c, shown, groupBy, s.baseline, data.languageNames)]) : el('p', { className: 'muted', text: 'Tick a metric to show its differences.' }),
    ...(c.notes.length ? [el('ul', { className: 'cmp-notes muted' }, c.notes.map((n) => el('li', { text: n })))] : []),
  );
  if (focusKey) (app.querySelector(`[data-key="${CSS.escape(focusKey)}"]`) as HTMLElement | null)?.focus();
}

/** "Add MTEB baseline…" / the baseline's label and "Remove baseline"; every text from the file via textContent. */
function baselineBar(b: CompareState['baseline']): HTMLElement {
  const add = el('vscode-button', { text: b ? 'Replace MTEB baseline…' : 'Add MTEB baseline…', title: 'Show a published MTEB result file (TaskResult JSON) under each language', attrs: { secondary: '', 'data-key': 'add-baseline' } });
  add.addEventListener('click', () => vs.post({ type: 'compare/addBaseline' }));
  const parts: Array<Node | string> = [add];
  if (b) {
    const remove = el('vscode-button', { text: 'Remove baseline', attrs: { secondary: '', 'data-key': 'remove-baseline' } });
    remove.addEventListener('click', () => {
      vs.saveState({ baseline: undefined });
      render();
    });
    parts.push(' ', el('strong', { className: 'baseline-label', text: `MTEB baseline: ${b.model ?? 'model not named in the file'} (${b.fileName})` }), ' ', remove,
      el('span', { className: 'muted', text: ` task ${b.taskName}, split ${b.split}; differences only for ${b.comparable.join(', ') || 'none'} (same definition as XLens)` }));
  }
  if (baselineError) parts.push(el('p', { className: 'error', text: `MTEB baseline not added: ${baselineError}`, attrs: { role: 'status' } }));
  return el('div', { className: 'toolbar baseline-info' }, parts);
}

// Theme switches change the CSS variables; WebGL colours are resolved values, so re-read them.
new MutationObserver(() => pair?.applyTheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

render();
vs.post({ type: 'ready' });
