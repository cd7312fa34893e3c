/**
 * Small DOM helpers. Corpus text is untrusted: it only ever reaches the page through
 * `textContent` (never innerHTML), so `<img src=x onerror=alert(1)>` shows as text.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; title?: string; attrs?: Record<string, string> } = {},
  children: Array<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title !== undefined) e.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

export function clear(e: Element): void {
  while (e.firstChild) e.removeChild(e.firstChild);
}

/** Format a metric for display the way reports do. */
export function fmt(key: string, v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (key === 'queries' || key === 'pairs') return String(Math.round(v));
  if (key.startsWith('Max@R')) return v.toFixed(1);
  return v.toFixed(3);
}

/**
 * Language colours come only from the theme: the chart palette, then the terminal's ANSI
 * palette (18 colours in all); more languages than that cycle through it.
 */
// Ordered so that neighbours in the list (the first languages of a corpus) stay far apart:
// charts-yellow next to charts-orange was hard to tell apart in light themes.
const PALETTE = [
  'charts-blue', 'charts-orange', 'charts-green', 'charts-red', 'charts-purple', 'terminal-ansiCyan',
  'terminal-ansiMagenta', 'charts-yellow', 'terminal-ansiBrightBlue', 'terminal-ansiBrightRed', 'terminal-ansiBrightGreen', 'terminal-ansiBrightYellow',
  'terminal-ansiBlue', 'terminal-ansiRed', 'terminal-ansiGreen', 'terminal-ansiYellow', 'terminal-ansiBrightCyan', 'terminal-ansiBrightMagenta',
];

export function languageColour(i: number): string {
  const name = PALETTE[i % PALETTE.length];
  const v = getComputedStyle(document.body).getPropertyValue(`--vscode-${name}`).trim();
  return v || getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim();
}
