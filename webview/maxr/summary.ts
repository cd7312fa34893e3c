import type { MaxrRun } from '../../src/protocol';
import { el, fmt } from '../common/dom';
import { languageLabel } from '../common/languageLabel';
import { definitionOf } from '../ranking/metricInfo';

/**
 * Headline figures: Max@R, its median, nMax@R, Complete@10, pool size. Each note must say what the
 * report's `overall` holds (see src/core/report/definitions.ts): macro means over languages, except
 * the median, which is taken over all queries.
 */
export function summaryCards(d: MaxrRun): HTMLElement {
  const o = d.report.overall;
  const completeKey = d.report.completeK.includes(10) ? 'Complete@10' : `Complete@${d.report.completeK[d.report.completeK.length - 1]}`;
  const cards: Array<[string, string, string | undefined]> = [
    ['Max@R', fmt('Max@R', o['Max@R']), 'mean MaxRank, macro over languages (lower is better)'],
    ['Max@R.median', fmt('Max@R', o['Max@R.median']), 'median MaxRank over all queries'],
    ['nMax@R', fmt('nMax@R', o['nMax@R']), '0 = all relevant on top'],
    [completeKey, fmt(completeKey, o[completeKey]), 'all relevant within the top K'],
    ['queries', String(o.queries), undefined],
  ];
  if (d.figures.poolSize) cards.push(['pool', String(d.figures.poolSize), d.figures.maxRelevant > 1 ? `documents, ${d.figures.maxRelevant} relevant` : 'documents per query']);
  return el(
    'div',
    { className: 'cards' },
    cards.map(([name, value, note]) =>
      el('div', { className: 'card', title: definitionOf(name, d.report.definitions) ?? '' }, [
        el('div', { className: 'card-value', text: value }),
        el('div', { className: 'card-name', text: name }),
        ...(note ? [el('div', { className: 'card-note muted', text: note })] : []),
      ]),
    ),
  );
}

/** Max@R columns per query language and overall. */
export function maxrTable(d: MaxrRun): HTMLTableElement {
  const cols = d.columns;
  const row = (lang: string, v: Record<string, number>) =>
    el('tr', { className: lang === 'overall' ? 'overall-row' : '' }, [el('th', { text: lang === 'overall' ? lang : languageLabel(lang, d.languageNames), attrs: { scope: 'row', 'data-lang': lang } }), ...cols.map((c) => el('td', { text: c.endsWith('.count') ? fmt('x', v[c]) : fmt(c, v[c]) }))]);
  return el('table', { className: 'grid maxr-table' }, [
    el('thead', {}, [el('tr', {}, [el('th', { text: 'lang', attrs: { scope: 'col' } }), ...cols.map((c) => el('th', { text: c, title: definitionOf(c, d.report.definitions) ?? c, attrs: { scope: 'col' } }))])]),
    el('tbody', {}, [...Object.entries(d.report.byLanguage).map(([l, v]) => row(l, v)), row('overall', d.report.overall)]),
  ]);
}

export function definitionsList(defs: Record<string, string>): HTMLElement {
  return el('dl', { className: 'definitions' }, Object.entries(defs).flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
}
