import type { NeighbourRow, PoolList, PoolRow } from '../../src/protocol';
import { clear, el } from '../common/dom';
import { kindLabel, sentencesOnly, translationsOf, type PointSet } from './points';

/** Rows listed in the selection table; the count above it is always exact. */
const MAX_SELECTION_ROWS = 500;

export type NeighbourState = { status: 'loading' } | { status: 'done'; rows: NeighbourRow[] } | { status: 'error'; message: string };
export type PoolState = { status: 'loading' } | { status: 'done'; list: PoolList } | { status: 'error'; message: string };

/**
 * The side panel: the clicked point (text, language, the run's outcomes for a query, its pool
 * documents as the retriever ranked them, translations, nearest projected points) and the
 * selection table. All corpus text goes in through textContent (el() `text`), never as HTML.
 * Rows are focusable; click or Enter focuses that point in the plot.
 */
export class SidePanel {
  private readonly pointBox = el('section', { className: 'pp-point', attrs: { 'aria-live': 'polite' } });
  private readonly selectionBox = el('section', { className: 'pp-selection' });

  constructor(
    container: HTMLElement,
    private readonly ps: PointSet,
    private readonly colours: string[],
    private readonly onPick: (index: number) => void,
    private readonly onClearSelection: () => void,
    private readonly outcomesOf: (index: number) => Array<{ label: string; value: string }> = () => [],
  ) {
    clear(container);
    container.append(this.pointBox, this.selectionBox);
    this.showPoint(undefined);
    this.showSelection([]);
  }

  private lastPoint: [number | undefined, NeighbourState | undefined, PoolState | undefined] = [undefined, undefined, undefined];
  private lastSelection: readonly number[] = [];

  /** Renders again with the current colours (the theme changed). */
  recolour(): void {
    this.showPoint(...this.lastPoint);
    this.showSelection(this.lastSelection);
  }

  showPoint(i: number | undefined, neighbours?: NeighbourState, pool?: PoolState): void {
    this.lastPoint = [i, neighbours, pool];
    clear(this.pointBox);
    if (i === undefined) {
      this.pointBox.append(
        el('h2', { text: 'Point' }),
        el('p', { className: 'muted', text: 'Hover a point to read it; click it to see its translations and nearest neighbours. Shift+drag (or the Box and Lasso modes) selects points.' }),
      );
      return;
    }
    const ps = this.ps;
    const translations = translationsOf(ps, i);
    this.pointBox.append(
      el('h2', { text: 'Point' }),
      el('div', { className: 'pp-meta' }, [this.langTag(ps.lang[i]), el('span', { className: 'muted', text: ` ${kindLabel(ps.kind[i], sentencesOnly(ps))} #${i}` })]),
      el('p', { className: 'pp-text', text: ps.texts[i] }),
    );
    const outcomes = this.outcomesOf(i);
    if (outcomes.length) {
      this.pointBox.append(el('p', { className: 'pp-outcomes' }, outcomes.flatMap((o) => [el('span', { className: 'muted', text: `${o.label} ` }), el('strong', { text: o.value }), '  '])));
    }
    if (pool) this.pointBox.append(el('h3', { text: 'Pool documents (as the run ranked them)' }), this.poolTable(pool));
    this.pointBox.append(el('h3', { text: `Translations (${translations.length})` }));
    if (translations.length === 0) this.pointBox.append(el('p', { className: 'muted', text: 'No parallel points in this projection.' }));
    else {
      const list = el('table', { className: 'grid pp-table pp-translations' });
      for (const j of translations) list.append(this.row(j, [this.langCell(j), this.textCell(j)]));
      this.pointBox.append(list);
    }
    this.pointBox.append(el('h3', { text: 'Nearest projected points' }));
    this.pointBox.append(this.neighbourTable(i, neighbours ?? { status: 'loading' }));
  }

  private neighbourTable(i: number, state: NeighbourState): HTMLElement {
    if (state.status === 'loading') return el('p', { className: 'muted pp-neighbours-loading', text: 'Looking up neighbours…' });
    if (state.status === 'error') return el('p', { className: 'error', text: state.message });
    if (state.rows.length === 0) return el('p', { className: 'muted', text: 'No neighbours.' });
    const table = el('table', { className: 'grid pp-table pp-neighbours' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: 'Rank' }), el('th', { text: 'Lang' }), el('th', { text: 'Similarity' }), el('th', { className: 'text-cell', text: 'Text' })])]),
    ]);
    const body = el('tbody');
    const group = this.ps.group[i];
    for (const r of state.rows) {
      const isTranslation = this.ps.group[r.index] === group && this.ps.kind[r.index] === this.ps.kind[i];
      const rank = el('td', { text: String(r.rank) });
      const tr = this.row(r.index, [rank, this.langCell(r.index, r.lang), el('td', { text: r.similarity.toFixed(3) }), this.textCell(r.index)]);
      if (isTranslation) {
        tr.classList.add('pp-is-translation');
        rank.append(el('span', { className: 'relevant', text: ' ✓', title: 'a translation of the clicked point' }));
      }
      body.append(tr);
    }
    table.append(body);
    return table;
  }

  /** The run's top documents for the clicked query (relevant ones marked), then relevant documents ranked lower. */
  private poolTable(state: PoolState): HTMLElement {
    if (state.status === 'loading') return el('p', { className: 'muted pp-pool-loading', text: 'Reading the run’s ranking…' });
    if (state.status === 'error') return el('p', { className: 'muted pp-pool-error', text: state.message });
    const { list } = state;
    const box = el('div', { className: 'pp-pool' });
    const table = el('table', { className: 'grid pp-table pp-pool-table' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: 'Rank' }), el('th', { text: 'Lang' }), el('th', { text: 'Score' }), el('th', { className: 'text-cell', text: 'Document' })])]),
    ]);
    const body = el('tbody');
    const add = (r: PoolRow) => {
      const rank = el('td', { text: String(r.rank) });
      if (r.relevant) rank.append(el('span', { className: 'relevant', text: ' ✓', title: 'relevant' }));
      const cells = [rank, el('td', {}, [this.poolLang(r)]), el('td', { text: r.score === undefined ? '–' : r.score.toFixed(3) }), el('td', { className: 'text-cell pp-cell-text', text: r.text || r.doc, title: r.text || r.doc })];
      const tr = r.point !== undefined ? this.row(r.point, cells) : el('tr', {}, cells);
      tr.classList.add('pp-pool-row');
      if (r.relevant) tr.classList.add('pp-is-relevant');
      tr.setAttribute('aria-label', `rank ${r.rank}${r.relevant ? ', relevant' : ''}`);
      body.append(tr);
    };
    list.rows.forEach(add);
    if (list.missing.length) {
      body.append(el('tr', { className: 'pp-pool-gap' }, [el('td', { attrs: { colspan: '4' }, className: 'muted', text: 'Relevant, ranked lower:' })]));
      list.missing.forEach(add);
    }
    table.append(body);
    box.append(el('p', { className: 'muted', text: `Task ${list.task}: the top ${list.rows.length} of the pool; ✓ = relevant.${list.missing.length ? '' : ' Every relevant document is listed.'}` }), table);
    if (list.textsUnavailable) box.append(el('p', { className: 'muted', text: `Texts unavailable: ${list.textsUnavailable}` }));
    return box;
  }

  private poolLang(r: PoolRow): HTMLElement {
    const l = this.ps.languages.indexOf(r.lang);
    return l >= 0 ? this.langTag(l, r.lang) : el('span', { className: 'pp-lang', text: r.lang });
  }

  showSelection(indices: readonly number[]): void {
    this.lastSelection = indices;
    clear(this.selectionBox);
    const header = el('div', { className: 'pp-selection-header' }, [el('h2', { text: `Selection (${indices.length.toLocaleString()})` })]);
    if (indices.length > 0) {
      const button = el('vscode-button', { attrs: { secondary: '', 'aria-label': 'Clear the selection' }, text: 'Clear' });
      button.addEventListener('click', () => this.onClearSelection());
      header.append(button);
    }
    this.selectionBox.append(header);
    if (indices.length === 0) {
      this.selectionBox.append(el('p', { className: 'muted', text: 'Nothing selected.' }));
      return;
    }
    // Per-language counts first: the quickest read of what a cluster holds.
    const byLang = new Map<number, number>();
    for (const i of indices) byLang.set(this.ps.lang[i], (byLang.get(this.ps.lang[i]) ?? 0) + 1);
    this.selectionBox.append(
      el('p', { className: 'pp-selection-langs' }, [...byLang.entries()].sort((a, b) => b[1] - a[1]).flatMap(([l, c]) => [this.langTag(l), el('span', { className: 'muted', text: ` ${c}  ` })])),
    );
    const table = el('table', { className: 'grid pp-table pp-selection-table' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: 'Lang' }), el('th', { className: 'text-cell', text: 'Text' })])]),
    ]);
    const body = el('tbody');
    for (const i of indices.slice(0, MAX_SELECTION_ROWS)) body.append(this.row(i, [this.langCell(i), this.textCell(i)]));
    table.append(body);
    this.selectionBox.append(table);
    if (indices.length > MAX_SELECTION_ROWS) this.selectionBox.append(el('p', { className: 'muted', text: `…and ${(indices.length - MAX_SELECTION_ROWS).toLocaleString()} more` }));
  }

  private row(index: number, cells: HTMLElement[]): HTMLTableRowElement {
    const tr = el('tr', { className: 'pp-row', attrs: { tabindex: '0', 'data-index': String(index) } }, cells);
    tr.addEventListener('click', () => this.onPick(index));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.onPick(index);
      }
    });
    return tr;
  }

  private langTag(l: number, code = this.ps.languages[l]): HTMLElement {
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = this.colours[l] ?? '';
    return el('span', { className: 'pp-lang' }, [swatch, code]);
  }

  private langCell(i: number, code?: string): HTMLElement {
    return el('td', {}, [this.langTag(this.ps.lang[i], code)]);
  }

  private textCell(i: number): HTMLElement {
    return el('td', { className: 'text-cell pp-cell-text', text: this.ps.texts[i], title: this.ps.texts[i] });
  }
}

/** The hover tooltip: a point's language and text, as text. */
export class Tooltip {
  private readonly box = el('div', { className: 'tooltip pp-tooltip', attrs: { role: 'tooltip' } });

  constructor(parent: HTMLElement) {
    this.box.hidden = true;
    parent.append(this.box);
  }

  show(lang: string, kind: string, text: string, clientX: number, clientY: number): void {
    clear(this.box);
    this.box.append(el('div', { className: 'pp-tooltip-meta muted', text: `${lang} · ${kind}` }), el('div', { className: 'pp-tooltip-text', text }));
    this.box.hidden = false;
    // Keep it inside the window: flip left/up near the right/bottom edge.
    const r = this.box.getBoundingClientRect();
    const x = clientX + 14 + r.width > window.innerWidth ? Math.max(4, clientX - 14 - r.width) : clientX + 14;
    const y = clientY + 14 + r.height > window.innerHeight ? Math.max(4, clientY - 14 - r.height) : clientY + 14;
    this.box.style.left = `${x}px`;
    this.box.style.top = `${y}px`;
  }

  hide(): void {
    this.box.hidden = true;
  }

  remove(): void {
    this.box.remove();
  }
}
