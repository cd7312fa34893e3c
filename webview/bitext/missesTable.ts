import type { BitextMissRow, LanguageDisplay } from '../../src/protocol';
import { el } from '../common/dom';

/**
 * The worst misses: the sentence, the exact rank of its translation, and the wrong neighbour that
 * was ranked first (with both cosines). Corpus text goes in through textContent only.
 */
export function missesTable(misses: BitextMissRow[], names: Map<string, LanguageDisplay>): HTMLElement {
  const lang = (code: string) => names.get(code)?.label ?? code;
  return el('table', { className: 'grid bx-misses worst-table' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        ['direction', 'sentence', 'rank of its translation', 'translation (cos)', 'nearest neighbour, wrong (cos)'].map((h) => el('th', { text: h, className: 'text-head', attrs: { scope: 'col' } })),
      ),
    ]),
    el(
      'tbody',
      {},
      misses.map((m) =>
        el('tr', { attrs: { 'data-pair': m.pair } }, [
          el('td', { text: `${lang(m.sentence.lang)} → ${lang(m.targetLang)}`, title: `${names.get(m.sentence.lang)?.display ?? m.sentence.lang} → ${names.get(m.targetLang)?.display ?? m.targetLang}` }),
          el('td', { className: 'text-cell bx-text', text: m.sentence.text }),
          el('td', { className: 'bx-rank', text: `${m.rank} of ${m.candidates}` }),
          el('td', { className: 'text-cell bx-text' }, [m.translation.text, el('span', { className: 'muted', text: ` (${m.translation.score.toFixed(3)})` })]),
          el('td', { className: 'text-cell bx-text' }, [m.neighbour.text, el('span', { className: 'muted', text: ` (${m.neighbour.score.toFixed(3)})` })]),
        ]),
      ),
    ),
  ]);
}
