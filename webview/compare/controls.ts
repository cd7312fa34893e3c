import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { CompareSettings, ComparedMetric, Correction, PairedTestMethod } from '../../src/protocol';
import { el } from '../common/dom';

export interface ControlHandlers {
  settings(patch: Partial<CompareSettings>): void;
  groupBy(g: 'metric' | 'language'): void;
  swap(): void;
}

const METHODS: Array<[PairedTestMethod, string]> = [
  ['randomization', 'Randomisation (sign flip)'],
  ['paired-bootstrap', 'Paired bootstrap'],
];
const SAMPLES = [1_000, 10_000, 100_000];
/** The panel always corrects (SPEC §3b); the CLI also offers `none`. */
const CORRECTIONS: Array<[Correction, string]> = [
  ['holm', 'Holm–Bonferroni'],
  ['bh', 'Benjamini–Hochberg'],
];

/** Test settings, row grouping and swapping A and B. */
export function toolbar(s: CompareSettings, groupBy: 'metric' | 'language', busy: boolean, on: ControlHandlers): HTMLElement {
  const select = <T extends string>(key: string, label: string, options: Array<[T, string]>, current: T, change: (v: T) => void) => {
    const sel = el('vscode-single-select', { attrs: { 'aria-label': label, 'data-key': key } }, options.map(([v, text]) => el('vscode-option', { text, attrs: v === current ? { value: v, selected: '' } : { value: v } })));
    sel.addEventListener('change', () => change(sel.value as T));
    if (busy && key !== 'group') sel.setAttribute('disabled', '');
    return el('label', { className: 'cmp-field' }, [el('span', { className: 'muted', text: label }), sel]);
  };
  const swap = el('vscode-button', { text: 'Swap A ↔ B', attrs: { secondary: '', 'data-key': 'swap', title: 'Compare A against B instead' } });
  swap.addEventListener('click', on.swap);
  if (busy) swap.setAttribute('disabled', '');
  return el('div', { className: 'toolbar cmp-toolbar' }, [
    select('method', 'Test', METHODS, s.method, (method) => on.settings({ method })),
    select('samples', 'Samples', SAMPLES.map((n): [string, string] => [String(n), n.toLocaleString('en-US')]), String(s.samples), (v) => on.settings({ samples: Number(v) })),
    select('correction', 'Correction', CORRECTIONS, s.correction === 'bh' ? 'bh' : 'holm', (correction) => on.settings({ correction })),
    select('group', 'Rows', [['metric', 'by metric'], ['language', 'by language']], groupBy, on.groupBy),
    swap,
  ]);
}

/** Export the whole comparison (every metric) through the common save dialog. */
export function exportBar(save: (format: 'md' | 'csv') => void): HTMLElement {
  return el('div', { className: 'toolbar cmp-exports' }, (['md', 'csv'] as const).map((format) => {
    const b = el('vscode-button', { text: `Export ${format === 'md' ? 'Markdown' : 'CSV'}`, attrs: { secondary: '', 'data-key': `export-${format}` } });
    b.addEventListener('click', () => save(format));
    return b;
  }));
}

/** One checkbox per metric the runs share; the set shown is saved with the panel state. */
export function metricPicker(metrics: ComparedMetric[], shown: string[], onChange: (names: string[]) => void): HTMLElement {
  const boxes = metrics.map((m) => {
    const box = el('vscode-checkbox', { attrs: { label: m.name, 'data-key': `metric:${m.name}`, ...(shown.includes(m.name) ? { checked: '' } : {}) } });
    box.addEventListener('change', () => onChange(metrics.filter((x) => (x.name === m.name ? box.checked : shown.includes(x.name))).map((x) => x.name)));
    return box;
  });
  return el('fieldset', { className: 'cmp-metrics' }, [el('legend', { className: 'muted', text: 'Metrics' }), ...boxes]);
}
