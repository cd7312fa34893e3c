import type { MetricValues } from '../../src/core/report/schema';
import { el, fmt } from '../common/dom';
import { languageLabel, type LanguageNames } from '../common/languageLabel';
import { activate } from './activate';

export interface HeatmapOptions {
  matrix: Record<string, Record<string, MetricValues>>;
  metric: string;
  /** Opens the worst queries of cell L→M; absent without per-query records. */
  onCell?: (queryLang: string, docLang: string) => void;
  /** English names by code: headers keep the compact code, tooltips say `de — German`. */
  names?: LanguageNames;
}

/**
 * Query language × document language for one metric (cross runs). A cell's colour is the theme's
 * chart blue mixed into the editor background in proportion to its value within the matrix's
 * range; the value is printed in the cell, so colour is never the only cue.
 */
export function heatmap(o: HeatmapOptions): HTMLTableElement {
  const rows = Object.keys(o.matrix);
  const cols = [...new Set(rows.flatMap((l) => Object.keys(o.matrix[l])))];
  const values = rows.flatMap((l) => cols.map((m) => o.matrix[l][m]?.[o.metric])).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const cell = (l: string, m: string) => {
    const v = o.matrix[l][m]?.[o.metric];
    const td = el('td', { className: 'heat-cell', text: fmt(o.metric, v), title: `${languageLabel(l, o.names)} → ${languageLabel(m, o.names)}: ${o.metric} ${fmt(o.metric, v)}` });
    if (v !== undefined && Number.isFinite(v)) {
      const share = hi > lo ? (v - lo) / (hi - lo) : 1;
      // 6%–60% of the chart colour: the lowest cell stays distinguishable from empty ones, and the
      // editor foreground stays readable on the strongest in light and dark themes.
      const pct = Math.round(6 + 54 * share);
      td.style.background = `color-mix(in srgb, var(--vscode-charts-blue) ${pct}%, var(--vscode-editor-background))`;
    }
    if (o.onCell) activate(td, `cell:${l}:${m}`, `${l} → ${m}: show worst queries`, () => o.onCell!(l, m));
    return td;
  };
  return el('table', { className: 'grid heatmap' }, [
    el('thead', {}, [el('tr', {}, [el('th', { text: 'query \\ doc', attrs: { scope: 'col' } }), ...cols.map((m) => el('th', { text: m, title: languageLabel(m, o.names), attrs: { scope: 'col' } }))])]),
    el('tbody', {}, rows.map((l) => el('tr', {}, [el('th', { text: l, title: languageLabel(l, o.names), attrs: { scope: 'row' } }), ...cols.map((m) => cell(l, m))]))),
  ]);
}
