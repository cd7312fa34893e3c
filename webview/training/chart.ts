import { downsample, linePath, linearScale, niceDomain, niceTicks, tickLabel } from './scales';

/**
 * A small line chart as inline SVG, built with DOM APIs (no markup strings). Colours are CSS
 * expressions over theme variables (`var(--vscode-charts-blue)`), so a theme change recolours
 * the chart without a redraw.
 */
export interface ChartSeries {
  name: string;
  colour: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** An SVG stroke-dasharray, so series differ by more than colour. */
  dash?: string;
  /** Draw a dot per point (sparse series: held-out evaluations). */
  dots?: boolean;
  emphasis?: boolean;
}

export interface ChartSpec {
  /** Accessible description of the chart. */
  label: string;
  width: number;
  height: number;
  series: ChartSeries[];
  xDomain: [number, number];
  /** Tick labels as powers of ten (learning rates). */
  exponential?: boolean;
  /** Values always inside the y range (0 for losses). */
  yInclude?: number[];
  /** A vertical marker (the best step so far). */
  marker?: { x: number; label: string };
  /** A horizontal reference (the base model's value). */
  reference?: { y: number; label: string };
  /** Shown when there is nothing to draw yet. */
  empty?: string;
  /** Formats values in point titles. */
  format?: (v: number) => string;
}

const SVG = 'http://www.w3.org/2000/svg';
const MARGIN = { left: 52, right: 12, top: 10, bottom: 26 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export function lineChart(spec: ChartSpec): SVGSVGElement {
  const { width, height } = spec;
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'tr-chart' });
  root.append(svg('title', {}, spec.label));
  const plotW = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotH = Math.max(10, height - MARGIN.top - MARGIN.bottom);
  const x = linearScale(spec.xDomain, [MARGIN.left, MARGIN.left + plotW]);
  const values = function* () {
    for (const s of spec.series) for (let i = 0; i < s.ys.length; i++) yield s.ys[i];
    if (spec.reference) yield spec.reference.y;
  };
  const yDomain = niceDomain(values(), spec.yInclude);

  // Frame and x axis.
  root.append(svg('rect', { x: MARGIN.left, y: MARGIN.top, width: plotW, height: plotH, class: 'tr-frame' }));
  for (const t of niceTicks(spec.xDomain[0], spec.xDomain[1], Math.max(2, Math.floor(plotW / 70)))) {
    if (!Number.isInteger(t)) continue; // steps are whole numbers
    root.append(svg('text', { x: x(t), y: height - 8, class: 'tr-tick', 'text-anchor': 'middle' }, tickLabel(t)));
  }
  if (!yDomain) {
    root.append(svg('text', { x: MARGIN.left + plotW / 2, y: MARGIN.top + plotH / 2, class: 'tr-empty', 'text-anchor': 'middle' }, spec.empty ?? 'no data yet'));
    return root;
  }
  const y = linearScale(yDomain, [MARGIN.top + plotH, MARGIN.top]);
  for (const t of niceTicks(yDomain[0], yDomain[1], Math.max(2, Math.floor(plotH / 28)))) {
    root.append(svg('line', { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: y(t), y2: y(t), class: 'tr-grid' }));
    root.append(svg('text', { x: MARGIN.left - 6, y: y(t) + 4, class: 'tr-tick', 'text-anchor': 'end' }, tickLabel(t, spec.exponential)));
  }

  if (spec.reference) {
    const ry = y(spec.reference.y);
    const ref = svg('line', { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: ry, y2: ry, class: 'tr-reference' });
    ref.append(svg('title', {}, spec.reference.label));
    root.append(ref);
  }
  if (spec.marker && spec.marker.x >= spec.xDomain[0] && spec.marker.x <= spec.xDomain[1]) {
    const mx = x(spec.marker.x);
    const m = svg('line', { x1: mx, x2: mx, y1: MARGIN.top, y2: MARGIN.top + plotH, class: 'tr-marker' });
    m.append(svg('title', {}, spec.marker.label));
    root.append(m);
  }

  const fmt = spec.format ?? ((v: number) => tickLabel(v, spec.exponential));
  for (const s of spec.series) {
    const points = downsample(s.xs, s.ys, Math.max(20, Math.floor(plotW / 2)));
    const d = linePath(points, x, y);
    if (d) {
      const path = svg('path', { d, class: s.emphasis ? 'tr-line tr-emphasis' : 'tr-line', 'data-series': s.name });
      path.style.stroke = s.colour;
      if (s.dash) path.style.strokeDasharray = s.dash;
      root.append(path);
    }
    if (!s.dots) continue;
    for (const [px, py] of points) {
      if (!Number.isFinite(py)) continue;
      const c = svg('circle', { cx: x(px), cy: y(py), r: 3, class: 'tr-dot' });
      c.style.fill = s.colour;
      c.append(svg('title', {}, `${s.name} at step ${px}: ${fmt(py)}`));
      root.append(c);
    }
  }
  return root;
}
