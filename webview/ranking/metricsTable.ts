import type { MetricValues } from '../../src/core/report/schema';
import { languageLabel, type LanguageNames } from '../common/languageLabel';
import { el, fmt } from '../common/dom';
import type { MtebBaseline } from '../../src/protocol';
import { activate } from './activate';
import { baselineCells, baselineLabel } from './baselineRow';
import { definitionOf } from './metricInfo';
import { sortLanguageRows, type SortSpec } from './sortRows';

export interface MetricsTableOptions {
  byLanguage: Record<string, MetricValues>;
  overall: MetricValues;
  columns: string[];
  definitions: Record<string, string>;
  sort?: SortSpec;
  selected?: string;
  /** Absent when the run has no per-query records: rows are then not clickable. */
  onRow?: (lang: string) => void;
  onSort: (sort: SortSpec) => void;
  /** A published MTEB result: a labelled row under each language it has. */
  baseline?: MtebBaseline;
  /** English names by code: a row reads `de — German`. */
  names?: LanguageNames;
}

/**
 * The per-language table: one row per query language and an `overall` row kept last. Headers are
 * buttons (keyboard focusable) that sort; `aria-sort` tells assistive tech the current order.
 */
export function metricsTable(o: MetricsTableOptions): HTMLTableElement {
  const headers = ['lang', ...o.columns].map((c) => {
    const active = o.sort?.column === c;
    const th = el('th', { attrs: { scope: 'col', 'aria-sort': active ? (o.sort!.descending ? 'descending' : 'ascending') : 'none' } });
    const button = el('button', { className: 'sort-button', text: c, title: definitionOf(c, o.definitions) ?? c, attrs: { 'data-key': `sort:${c}`, type: 'button' } });
    if (active) button.append(el('span', { className: 'sort-arrow', text: o.sort!.descending ? ' ▼' : ' ▲', attrs: { 'aria-hidden': 'true' } }));
    // First click on a metric sorts descending (best-first for most metrics); a second click flips it.
    button.addEventListener('click', () => o.onSort({ column: c, descending: active ? !o.sort!.descending : c !== 'lang' }));
    th.append(button);
    return th;
  });
  const row = (lang: string, v: MetricValues, clickable: boolean) => {
    const tr = el('tr', { className: [lang === o.selected ? 'selected' : '', clickable ? '' : 'overall-row'].filter(Boolean).join(' ') }, [
      el('th', { text: clickable ? languageLabel(lang, o.names) : lang, attrs: { scope: 'row', 'data-lang': lang } }),
      ...o.columns.map((c) => el('td', { text: fmt(c, v[c]) })),
    ]);
    if (lang === o.selected) tr.setAttribute('aria-current', 'true'); // the language whose worst queries are open
    if (clickable && o.onRow) activate(tr, `lang:${lang}`, `${languageLabel(lang, o.names)}: show worst queries`, () => o.onRow!(lang));
    return tr;
  };
  const baselineRow = (lang: string, v: MetricValues) => {
    const b = o.baseline!;
    return el('tr', { className: 'baseline-row' }, [
      el('th', { text: `${lang} · MTEB baseline`, title: baselineLabel(b), attrs: { scope: 'row' } }),
      ...baselineCells(o.columns, v, b.byLanguage[lang], b.comparable).map((c) => el('td', { text: c.text, title: c.title })),
    ]);
  };
  const sorted = sortLanguageRows(Object.entries(o.byLanguage), o.sort);
  const rows = sorted.flatMap(([l, v]) => (o.baseline?.byLanguage[l] ? [row(l, v, true), baselineRow(l, v)] : [row(l, v, true)]));
  return el('table', { className: 'grid metrics-table' }, [
    el('thead', {}, [el('tr', {}, headers)]),
    el('tbody', {}, [...rows, row('overall', o.overall, false)]),
  ]);
}
