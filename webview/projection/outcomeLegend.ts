import type { OutcomeColumn } from '../../src/protocol';
import { clear, el } from '../common/dom';
import { logPosition, type OutcomeColouring } from './colouring';

/**
 * The key beside the language legend: the glyphs (disc = query, square = document) when a
 * projection has both, and, when colouring by an outcome, its scale (a log ramp with ticks for
 * MaxRank, one button per value for a yes/no outcome, a "no value" button) and its definition.
 * Value buttons show or hide those points (aria-pressed = shown).
 */
export class OutcomeLegend {
  constructor(
    private readonly container: HTMLElement,
    private readonly onToggle: (key: string) => void,
  ) {}

  render(opts: {
    glyphs?: { queries: number; documents: number };
    outcome?: { column: OutcomeColumn; colouring: OutcomeColouring; pool: string; hidden: ReadonlySet<string>; queries: number; documents: number };
  }): void {
    const c = this.container;
    // Re-rendering replaces the buttons: keep the keyboard focus on the same value.
    const focused = (document.activeElement as HTMLElement | null)?.closest?.('.pp-key button[data-value]')?.getAttribute('data-value') ?? undefined;
    clear(c);
    const row = el('div', { className: 'pp-key-row' });
    if (opts.glyphs) {
      row.append(
        el('span', { className: 'pp-glyph-key', attrs: { 'data-glyph': 'query' } }, [el('span', { className: 'pp-glyph pp-glyph-disc', attrs: { 'aria-hidden': 'true' } }), `queries ${opts.glyphs.queries.toLocaleString()}`]),
        el('span', { className: 'pp-glyph-key', attrs: { 'data-glyph': 'document' } }, [el('span', { className: 'pp-glyph pp-glyph-square', attrs: { 'aria-hidden': 'true' } }), `documents ${opts.glyphs.documents.toLocaleString()}`]),
      );
    }
    const o = opts.outcome;
    if (!o) {
      c.hidden = row.childElementCount === 0;
      if (!c.hidden) c.append(row);
      return;
    }
    c.hidden = false;
    const { column, colouring } = o;
    row.append(el('strong', { className: 'pp-key-title', text: `${column.label}${o.pool ? ` (pool ${o.pool.slice(1)})` : ''}:` }));
    if (colouring.ramp) row.append(this.ramp(colouring.ramp));
    const group = el('span', { className: 'pp-key-values', attrs: { role: 'group', 'aria-label': `${column.label} values: click to show or hide` } });
    for (const cls of colouring.classes) {
      const shown = !o.hidden.has(cls.key);
      const swatch = el('span', { className: 'swatch' });
      swatch.style.background = cls.colour;
      const b = el('button', { className: `legend-item pp-value${shown ? '' : ' hidden'}`, attrs: { type: 'button', 'aria-pressed': String(shown), 'data-value': cls.key }, title: `${cls.label}: ${cls.count} points. Click to show/hide.` }, [
        swatch,
        el('span', { text: cls.label }),
        el('span', { className: 'legend-count muted', text: ` ${cls.count.toLocaleString()}` }),
      ]);
      b.addEventListener('click', () => this.onToggle(cls.key));
      group.append(b);
    }
    row.append(group);
    c.append(row);
    if (focused !== undefined) group.querySelector<HTMLElement>(`button[data-value="${focused}"]`)?.focus();
    const notes = [column.definition];
    if (column.censored) notes.push(`${column.censored} of ${column.defined} values are censored (a relevant document never ranked).`);
    const queriesWithout = o.queries - column.defined;
    const without = [...(o.documents ? [`${o.documents.toLocaleString()} documents`] : []), ...(queriesWithout ? [`${queriesWithout.toLocaleString()} queries the run did not score or defines no ${column.label} for`] : [])];
    if (without.length) notes.push(`No value: ${without.join(', ')}.`);
    c.append(el('p', { className: 'muted pp-key-definition', text: notes.join(' ') }));
  }

  private ramp(r: NonNullable<OutcomeColouring['ramp']>): HTMLElement {
    const bar = el('span', { className: 'pp-ramp', attrs: { role: 'img', 'aria-label': `colour scale from 1 (best) to ${r.max} (log scale)` } });
    bar.style.background = `linear-gradient(to right, ${r.stops.join(', ')})`;
    const ticks = el('span', { className: 'pp-ramp-ticks', attrs: { 'aria-hidden': 'true' } });
    for (const t of r.ticks) {
      const at = logPosition(t, r.max);
      const tick = el('span', { className: 'pp-ramp-tick', text: t.toLocaleString() });
      tick.style.left = `${(at * 100).toFixed(1)}%`;
      // The end labels stay inside the bar's width.
      if (at === 0) tick.classList.add('pp-ramp-tick-start');
      else if (at === 1) tick.classList.add('pp-ramp-tick-end');
      ticks.append(tick);
    }
    return el('span', { className: 'pp-ramp-wrap' }, [el('span', { className: 'muted', text: 'best ' }), el('span', { className: 'pp-ramp-box' }, [bar, ticks]), el('span', { className: 'muted', text: ' worst (log)' })]);
  }
}
