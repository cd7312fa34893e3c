/**
 * Makes an element act as a button: click, Enter or Space runs `action`; it joins the tab order.
 * Arrow keys move between such elements the way a grid reads: rows (tr) by ArrowUp/ArrowDown,
 * cells (td) by all four arrows.
 */
export function activate(e: HTMLElement, key: string, label: string, action: () => void): void {
  e.tabIndex = 0;
  e.classList.add('clickable');
  e.setAttribute('data-key', key);
  e.setAttribute('aria-label', label);
  e.addEventListener('click', action);
  e.addEventListener('keydown', (ev) => {
    if (ev.target !== e) return; // a button inside the row handles its own keys
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      action();
      return;
    }
    const next = arrowTarget(e, ev.key);
    if (next) {
      ev.preventDefault();
      next.focus();
    }
  });
}

/** The activatable neighbour of `e` in the arrow's direction, if any. */
function arrowTarget(e: HTMLElement, key: string): HTMLElement | undefined {
  const clickable = (x: Element | null | undefined): x is HTMLElement => x instanceof HTMLElement && x.classList.contains('clickable');
  const step = (from: Element, forward: boolean, ok: (x: Element) => boolean): HTMLElement | undefined => {
    for (let x = forward ? from.nextElementSibling : from.previousElementSibling; x; x = forward ? x.nextElementSibling : x.previousElementSibling) if (ok(x) && clickable(x)) return x;
    return undefined;
  };
  if (e instanceof HTMLTableRowElement) {
    if (key === 'ArrowDown' || key === 'ArrowUp') return step(e, key === 'ArrowDown', () => true);
    return undefined;
  }
  if (e instanceof HTMLTableCellElement) {
    if (key === 'ArrowRight' || key === 'ArrowLeft') return step(e, key === 'ArrowRight', () => true);
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      const row = e.parentElement;
      if (!row) return undefined;
      for (let r = key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling; r; r = key === 'ArrowDown' ? r.nextElementSibling : r.previousElementSibling) {
        const cell = (r as HTMLTableRowElement).cells?.[e.cellIndex];
        if (clickable(cell)) return cell;
      }
    }
  }
  return undefined;
}
