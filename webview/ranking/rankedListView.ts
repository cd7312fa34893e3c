import type { RankedList } from '../../src/protocol';
import { el, fmt } from '../common/dom';

export interface RankedListViewOptions {
  list?: RankedList;
  error?: string;
  langColour: (lang: string) => string;
  onReveal: (file: string, line?: number) => void;
  onClose: () => void;
}

/**
 * A query's ranked list: rank, language, score, relevance and document text, then the relevant
 * documents ranked below the shown rows. Every corpus string goes in through textContent.
 */
export function rankedListView(o: RankedListViewOptions): HTMLElement {
  const close = el('button', { className: 'link-button', text: 'Close', attrs: { type: 'button', 'data-key': 'list-close' } });
  close.addEventListener('click', o.onClose);
  const section = el('section', { className: 'ranked-list', attrs: { 'aria-label': 'Ranked list' } }, [
    el('div', { className: 'section-head' }, [el('h2', { text: 'Ranked list' }), close]),
  ]);
  if (o.error) return (section.append(el('p', { className: 'error', text: o.error })), section);
  const l = o.list;
  if (!l) return (section.append(el('p', { className: 'muted', text: 'Loading…' })), section);

  const reveal = (src: { file: string; line?: number } | undefined) => {
    if (!src) return el('span');
    const b = el('button', { className: 'link-button', text: 'open', title: `${src.file}${src.line ? `:${src.line}` : ''}`, attrs: { type: 'button' } });
    b.addEventListener('click', () => o.onReveal(src.file, src.line));
    return b;
  };
  const lang = (code: string) => el('span', {}, [swatch(o.langColour(code)), code]);
  const m = l.metrics;
  const figures = ['MaxRank', 'AP', 'nDCG@10', 'EIR', 'EIR.count', 'SIR']
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k} ${k === 'MaxRank' || k.endsWith('.count') ? String(m[k]) : fmt(k, m[k])}`);
  section.append(
    el('div', { className: 'query-block' }, [
      el('div', { className: 'muted' }, [`Query ${l.queryId} · `, lang(l.lang), ` · task ${l.task} · `, reveal(l.source)]),
      el('p', { className: 'query-text', text: l.text, attrs: { dir: 'auto' } }),
      el('div', { className: 'muted', text: figures.join(' · ') }),
    ]),
  );
  if (l.textsUnavailable) section.append(el('p', { className: 'error', text: `Document texts unavailable: ${l.textsUnavailable}` }));

  const head = ['rank', 'lang', 'score', 'relevant', 'document', 'source'];
  const body: HTMLTableRowElement[] = l.rows.map((r) =>
    el('tr', { className: r.relevant ? 'relevant-row' : '' }, [
      el('td', { text: String(r.rank) }),
      el('td', {}, [lang(r.lang)]),
      el('td', { text: r.score.toFixed(4) }),
      el('td', { className: r.relevant ? 'relevant' : 'muted', text: r.relevant ? '✓ relevant' : '' }),
      docCell(r.text, r.doc),
      el('td', {}, [reveal(r.source)]),
    ]),
  );
  if (l.missing.length) {
    body.push(el('tr', { className: 'divider-row' }, [el('td', { text: `Relevant documents ranked below the top ${l.rows.length}`, attrs: { colspan: String(head.length) } })]));
    for (const r of l.missing)
      body.push(
        el('tr', { className: 'relevant-row missing-row' }, [
          el('td', { text: String(r.rank) }),
          el('td', {}, [lang(r.lang)]),
          el('td', { text: '' }),
          el('td', { className: 'relevant', text: '✓ relevant' }),
          docCell(r.text, r.doc),
          el('td', {}, [reveal(r.source)]),
        ]),
      );
  }
  section.append(
    el('table', { className: 'grid list-table' }, [el('thead', {}, [el('tr', {}, head.map((h) => el('th', { className: h === 'document' ? 'text-head' : '', text: h, attrs: { scope: 'col' } })))]), el('tbody', {}, body)]),
  );
  return section;
}

/** Passage text clamped to a few lines, with a toggle to read it whole (text only, never markup). */
function docCell(text: string, doc: string): HTMLTableCellElement {
  // dir=auto: Arabic, Hebrew, ... passages read right to left.
  const body = el('div', { className: 'clamp', text: text || doc, attrs: { dir: 'auto' } });
  const td = el('td', { className: 'text-cell', title: doc }, [body]);
  if (text.length > 280) {
    const more = el('button', { className: 'link-button', text: 'more', attrs: { type: 'button', 'aria-expanded': 'false' } });
    more.addEventListener('click', () => {
      const open = body.classList.toggle('expanded');
      more.textContent = open ? 'less' : 'more';
      more.setAttribute('aria-expanded', String(open));
    });
    td.append(more);
  }
  return td;
}

function swatch(colour: string): HTMLElement {
  const s = el('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
  s.style.background = colour;
  return s;
}
