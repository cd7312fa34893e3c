/**
 * SVG built with DOM APIs: attributes by setAttribute and labels by textContent, never markup
 * strings, so no label (a language code, a metric name) can inject elements.
 */
const NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  children: Array<Node | string> = [],
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

/** A text label; `anchor` is the SVG text-anchor. */
export function label(x: number, y: number, text: string, anchor: 'start' | 'middle' | 'end' = 'middle', className = 'chart-label'): SVGTextElement {
  const t = svg('text', { x, y, 'text-anchor': anchor, class: className });
  t.textContent = text;
  return t;
}

/** A tooltip for an SVG element (shown on hover by the browser). */
export function tooltip(e: SVGElement, text: string): void {
  const t = svg('title');
  t.textContent = text;
  e.append(t);
}

/** The chart's root: a fixed coordinate box that scales with the panel's width. */
export function chartRoot(width: number, height: number, title: string): SVGSVGElement {
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  root.style.maxWidth = `${width}px`;
  return root;
}
