/** Makes an element act as a button: click, Enter or Space runs `action`; it joins the tab order. */
export function activate(e: HTMLElement, key: string, label: string, action: () => void): void {
  e.tabIndex = 0;
  e.classList.add('clickable');
  e.setAttribute('data-key', key);
  e.setAttribute('aria-label', label);
  e.addEventListener('click', action);
  e.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      action();
    }
  });
}
