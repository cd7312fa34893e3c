import type { BitextFigures, LanguageDisplay } from '../../src/protocol';
import { el, fmt } from '../common/dom';

/**
 * Mean accuracy of each language as the source and as the target of its mined directions: a
 * table whose cells hold a bar (theme chart colours) and the number, so the bar is never the only cue.
 */
export function languageBars(f: BitextFigures, langs: LanguageDisplay[]): HTMLElement {
  const bars = new Map(f.bars.map((b) => [b.code, b]));
  const bar = (v: number, n: number, cls: string, what: string) =>
    el('td', { className: 'bx-bar-cell', title: `${what}: mean over ${n} direction${n === 1 ? '' : 's'}` }, [
      el('span', { className: `bx-bar ${cls}`, attrs: { style: `width: ${Number.isFinite(v) ? Math.round(v * 140) : 0}px` } }),
      el('span', { className: 'bx-bar-value', text: fmt('acc', v) }),
    ]);
  return el('table', { className: 'grid bx-bars' }, [
    el('thead', {}, [
      el('tr', {}, [
        el('th', { text: 'language', attrs: { scope: 'col' } }),
        el('th', { text: 'as source', attrs: { scope: 'col' } }),
        el('th', { text: 'as target', attrs: { scope: 'col' } }),
      ]),
    ]),
    el(
      'tbody',
      {},
      langs.map((l) => {
        const b = bars.get(l.code);
        return el('tr', {}, [
          el('th', { text: l.display, attrs: { scope: 'row' } }),
          bar(b?.asSource ?? NaN, b?.sourceCount ?? 0, 'bx-src', `${l.label} sentences searched in the other language`),
          bar(b?.asTarget ?? NaN, b?.targetCount ?? 0, 'bx-tgt', `other languages' sentences searched among ${l.label}`),
        ]);
      }),
    ),
  ]);
}
