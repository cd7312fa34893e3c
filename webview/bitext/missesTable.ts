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
          el('td', { className: 'text-cell bx-text' }, [text(m.sentence.text)]),
          el('td', { className: 'bx-rank', text: `${m.rank} of ${m.candidates}` }),
          el('td', { className: 'text-cell bx-text' }, [text(m.translation.text), ' ', score(m.translation.score)]),
          el('td', { className: 'text-cell bx-text' }, [text(m.neighbour.text), ' ', score(m.neighbour.score)]),
        ]),
      ),
    ),
  ]);
}

/** Corpus text isolated from the surrounding direction (right-to-left sentences keep the score after them). */
const text = (s: string) => el('bdi', { text: s, attrs: { dir: 'auto' } });
const score = (v: number) => el('span', { className: 'muted', text: `(cos ${v.toFixed(3)})`, attrs: { dir: 'ltr' } });
