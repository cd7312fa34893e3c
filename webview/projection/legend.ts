import { clear, el } from '../common/dom';

/**
 * The language legend: swatch, code and point count per language. Click (or Space/Enter) shows
 * or hides a language; Alt+click shows only that language (or all again if it already is).
 */
export class Legend {
  private readonly items: HTMLElement[] = [];
  private hidden = new Set<string>();

  constructor(
    container: HTMLElement,
    private readonly languages: string[],
    counts: number[],
    colours: string[],
    private readonly onChange: (hidden: Set<string>) => void,
  ) {
    clear(container);
    container.setAttribute('role', 'group');
    container.setAttribute('aria-label', 'Languages: click to show or hide, Alt+click to show only one');
    languages.forEach((code, i) => {
      const swatch = el('span', { className: 'swatch' });
      swatch.style.background = colours[i];
      const item = el('span', { className: 'legend-item', attrs: { role: 'button', tabindex: '0', 'data-lang': code }, title: `${code}: ${counts[i]} points. Click to show/hide, Alt+click to show only ${code}.` }, [
        swatch,
        el('span', { className: 'legend-code', text: code }),
        el('span', { className: 'legend-count muted', text: ` ${counts[i].toLocaleString()}` }),
      ]);
      const toggle = (solo: boolean) => this.toggle(code, solo);
      item.addEventListener('click', (e) => toggle(e.altKey));
      item.addEventListener('keydown', (e) => {
        if (e.key === ' ' || e.key === 'Enter') {
          e.preventDefault();
          toggle(e.altKey);
        }
      });
      this.items.push(item);
      container.append(item);
    });
  }

  /** New swatch colours (the theme changed). */
  recolour(colours: string[]): void {
    this.items.forEach((item, i) => {
      const swatch = item.querySelector<HTMLElement>('.swatch');
      if (swatch) swatch.style.background = colours[i];
    });
  }

  /** Shows the given hidden set (e.g. restored state) without notifying. */
  set(hidden: Iterable<string>): void {
    this.hidden = new Set([...hidden].filter((h) => this.languages.includes(h)));
    this.items.forEach((item, i) => {
      const off = this.hidden.has(this.languages[i]);
      item.classList.toggle('hidden', off);
      item.setAttribute('aria-pressed', String(!off));
    });
  }

  private toggle(code: string, solo: boolean): void {
    const next = new Set(this.hidden);
    if (solo) {
      const alreadySolo = this.languages.every((l) => (l === code) !== next.has(l));
      next.clear();
      if (!alreadySolo) for (const l of this.languages) if (l !== code) next.add(l);
    } else if (next.has(code)) next.delete(code);
    else next.add(code);
    this.set(next);
    this.onChange(new Set(this.hidden));
  }
}
