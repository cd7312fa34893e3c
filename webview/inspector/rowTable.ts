import type { PageRow, RowCell, RowView, WebviewToHost } from '../../src/protocol';
import { clear, el } from '../common/dom';

/** Height of one table row in CSS pixels (fixed: rows are positioned, not flowed). */
export const ROW_HEIGHT = 26;
/** Rows asked of the host at once. */
const PAGE = 100;
/** Rows drawn above and below the visible ones. */
const OVERSCAN = 10;

export interface RowTableOptions {
  post: (m: WebviewToHost) => void;
  /** Called with the first visible row when the user scrolls (saved with setState). */
  onScroll: (firstRow: number) => void;
}

/**
 * A virtualised table of aligned rows: only the rows in view (plus a margin) are in the DOM;
 * rows arrive from the host in pages of PAGE as they come into view. Corpus text is set with
 * textContent only.
 */
export class RowTable {
  readonly element: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly header: HTMLElement;
  private readonly status: HTMLElement;
  private pages = new Map<number, PageRow[]>();
  private pending = new Set<number>();
  private total: number | undefined;
  private view: RowView = 'all';
  private langs: string[] = [];
  private labels: string[] = [];
  private requestId = 0;
  private drawn = '';

  constructor(private readonly opts: RowTableOptions) {
    this.header = el('div', { className: 'ins-row ins-head', attrs: { role: 'row' } });
    this.spacer = el('div', { className: 'ins-spacer' });
    this.viewport = el('div', { className: 'ins-viewport', attrs: { role: 'rowgroup', tabindex: '0', 'aria-label': 'Rows' } }, [this.spacer]);
    this.status = el('p', { className: 'muted ins-table-status', attrs: { role: 'status' } });
    this.element = el('div', { className: 'ins-table', attrs: { role: 'table', 'aria-label': 'Aligned rows' } }, [this.header, this.viewport, this.status]);
    this.viewport.addEventListener('scroll', () => {
      this.header.style.transform = `translateX(${-this.viewport.scrollLeft}px)`; // the header follows sideways scrolling
      this.draw();
      this.opts.onScroll(Math.floor(this.viewport.scrollTop / ROW_HEIGHT));
    });
    new ResizeObserver(() => this.draw()).observe(this.viewport);
  }

  /** Shows `view` with the columns `langs` (labels for the header); forgets every page held. */
  show(view: RowView, langs: string[], labels: string[], scrollRow = 0): void {
    this.view = view;
    this.langs = langs;
    this.labels = labels;
    this.reset();
    clear(this.header);
    const n = Math.max(1, langs.length);
    this.element.style.setProperty('--ins-columns', `5.5em repeat(${n}, minmax(14em, 1fr))`);
    this.element.style.setProperty('--ins-min-width', `calc(5.5em + ${n * 14}em)`);
    this.header.append(el('div', { className: 'ins-cell ins-rowhead', text: 'Row', attrs: { role: 'columnheader' } }), ...labels.map((l) => el('div', { className: 'ins-cell', text: l, title: l, attrs: { role: 'columnheader' } })));
    this.viewport.scrollTop = scrollRow * ROW_HEIGHT;
    this.request(Math.floor(scrollRow / PAGE));
    this.draw();
  }

  /** After the table was re-attached: scroll back to `scrollRow`; with `refetch` (flags changed) ask again for the rows. */
  refresh(scrollRow: number, refetch: boolean): void {
    if (refetch) this.reset();
    this.viewport.scrollTop = scrollRow * ROW_HEIGHT;
    if (refetch) this.request(Math.floor(scrollRow / PAGE));
    this.drawn = '';
    this.draw();
  }

  receive(m: { requestId: number; view: RowView; start: number; total: number; langs: string[]; rows: PageRow[] }): void {
    if (m.view !== this.view || m.langs.join(',') !== this.langs.join(',')) return; // an answer to an older question
    const page = Math.floor(m.start / PAGE);
    this.pending.delete(page);
    this.pages.set(page, m.rows);
    this.total = m.total;
    this.spacer.style.height = `${m.total * ROW_HEIGHT}px`;
    this.drawn = '';
    this.draw();
  }

  /** Number of row elements currently in the DOM (the UI test checks it stays bounded). */
  get domRows(): number {
    return this.spacer.childElementCount;
  }

  private reset(): void {
    this.pages.clear();
    this.pending.clear();
    this.total = undefined;
    this.drawn = '';
    clear(this.spacer);
  }

  private request(page: number): void {
    if (this.pages.has(page) || this.pending.has(page)) return;
    this.pending.add(page);
    this.opts.post({ type: 'inspector/rows', requestId: ++this.requestId, view: this.view, start: page * PAGE, count: PAGE, langs: this.langs });
  }

  private draw(): void {
    if (this.total === undefined) {
      this.status.textContent = 'Loading rows…';
      return;
    }
    const height = this.viewport.clientHeight || 400;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.total, Math.ceil((this.viewport.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last - 1) / PAGE); p++) this.request(p);
    const key = `${first}:${last}`;
    if (key === this.drawn) return;
    this.drawn = key;
    clear(this.spacer);
    for (let i = first; i < last; i++) {
      const row = this.pages.get(Math.floor(i / PAGE))?.[i % PAGE];
      this.spacer.append(row ? this.rowElement(row, i) : this.placeholder(i));
    }
    const shown = this.total === 0 ? 'No rows in this view.' : `Rows ${first + 1}–${last} of ${this.total.toLocaleString('en')} in this view`;
    this.status.textContent = shown;
  }

  private placeholder(i: number): HTMLElement {
    const e = el('div', { className: 'ins-row ins-loading', text: '…', attrs: { role: 'row' } });
    e.style.top = `${i * ROW_HEIGHT}px`;
    return e;
  }

  private rowElement(row: PageRow, i: number): HTMLElement {
    const flagged = row.cells.some((c) => c && c.issues.length > 0);
    const e = el('div', { className: `ins-row${flagged ? ' ins-flagged-row' : ''}`, attrs: { role: 'row', 'data-row': String(row.row + 1), 'aria-rowindex': String(i + 2) } });
    e.style.top = `${i * ROW_HEIGHT}px`;
    e.append(el('div', { className: 'ins-cell ins-rowhead', text: String(row.row + 1), title: `${row.role} ${row.key} (${row.set})`, attrs: { role: 'rowheader' } }));
    row.cells.forEach((c, k) => e.append(this.cellElement(c, this.langs[k], this.labels[k])));
    return e;
  }

  private cellElement(c: RowCell | null, lang: string, label: string): HTMLElement {
    if (!c) return el('div', { className: 'ins-cell ins-missing', text: '—', title: `no ${label} text in this row`, attrs: { role: 'cell', 'data-lang': lang } });
    const kinds = c.issues.map((i) => i.kind);
    const e = el('div', { className: `ins-cell${kinds.length ? ' ins-flagged' : ''}`, attrs: { role: 'cell', 'data-lang': lang, ...(kinds.length ? { 'data-kinds': kinds.join(' ') } : {}) } });
    const where = c.file ? `${c.file.split(/[\\/]/).pop()}${c.line !== undefined ? `:${c.line}` : ''}` : '';
    if (kinds.length) {
      const badge = el('button', { className: 'ins-badge', text: kinds.map(shortKind).join(' '), title: `${c.issues.map((i) => `${i.kind}: ${i.detail}`).join('\n')}${where ? `\nOpen ${where}` : ''}` });
      badge.addEventListener('click', () => this.reveal(c));
      e.append(badge);
    }
    e.append(el('span', { className: 'ins-text', text: c.text + (c.clipped ? '…' : ''), title: c.clipped ? `${c.chars} characters (first ${c.text.length} shown)` : undefined }));
    if (c.file) {
      const link = el('button', { className: 'ins-src link-button', text: c.line !== undefined ? `L${c.line}` : 'open', title: `Open ${where}` });
      link.addEventListener('click', () => this.reveal(c));
      e.append(link);
    }
    return e;
  }

  private reveal(c: RowCell): void {
    if (c.file) this.opts.post(c.line !== undefined ? { type: 'reveal', file: c.file, line: c.line } : { type: 'reveal', file: c.file });
  }
}

const SHORT: Record<string, string> = { empty: 'empty', nonText: 'no letters', duplicate: 'dup', copy: 'copy', lengthRatio: 'length', language: 'lang?' };

function shortKind(kind: string): string {
  return SHORT[kind] ?? kind;
}
