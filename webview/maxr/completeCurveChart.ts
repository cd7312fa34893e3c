import type { MaxrSeries } from '../../src/protocol';
import { kScale, linearScale } from './scale';
import { chartRoot, label, svg, tooltip } from './svg';

const W = 720;
const H = 300;
const M = { left: 48, right: 16, top: 26, bottom: 40 };

/** Dash patterns cycled over series, so lines differ by more than colour (themes reuse hues). */
export const DASHES = ['', '7 3', '2 3', '9 3 2 3', '4 4', '1 2'];

/**
 * Complete@K over K: one line per series (`all` drawn thicker), K on a log axis when it spans
 * more than a decade. Points at the report's K values carry tooltips with the exact figure.
 */
export function completeCurveChart(series: MaxrSeries[], colour: (lang: string) => string, dash: (lang: string) => string, markK: number[]): SVGSVGElement {
  const visible = series.filter((s) => s.curve.k.length);
  const root = chartRoot(W, H, 'Complete@K curve: fraction of queries with all relevant documents within the top K');
  if (!visible.length) return root;
  const k0 = Math.min(...visible.map((s) => s.curve.k[0]));
  const k1 = Math.max(...visible.map((s) => s.curve.k[s.curve.k.length - 1]));
  const x = kScale(k0, Math.max(k1, k0 + 1), M.left, W - M.right);
  const y = linearScale(0, 1, H - M.bottom, M.top, [0, 0.25, 0.5, 0.75, 1]);

  const grid = svg('g', { class: 'chart-grid' });
  for (const t of y.ticks) grid.append(svg('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t) }), label(M.left - 6, y(t) + 4, t.toFixed(2), 'end'));
  for (const t of x.ticks) grid.append(svg('line', { x1: x(t), x2: x(t), y1: M.top, y2: H - M.bottom }), label(x(t), H - M.bottom + 16, String(t)));
  grid.append(label((M.left + W - M.right) / 2, H - 4, 'K (depth)'), label(M.left - 40, 12, 'Complete@K', 'start'));
  root.append(grid);

  for (const s of visible) {
    const c = colour(s.lang);
    const points = s.curve.k.map((K, i) => `${x(K).toFixed(1)},${y(s.curve.complete[i]).toFixed(1)}`).join(' ');
    const line = svg('polyline', { points, fill: 'none', stroke: c, 'stroke-width': s.lang === 'all' ? 3 : 1.75, class: 'curve', 'data-series': s.lang });
    if (dash(s.lang)) line.setAttribute('stroke-dasharray', dash(s.lang));
    tooltip(line, s.lang);
    root.append(line);
    for (const K of markK) {
      const i = s.curve.k.indexOf(K);
      if (i < 0) continue;
      const dot = svg('circle', { cx: x(K), cy: y(s.curve.complete[i]), r: s.lang === 'all' ? 4 : 3, fill: c });
      tooltip(dot, `${s.lang}: Complete@${K} = ${s.curve.complete[i].toFixed(3)}`);
      root.append(dot);
    }
  }
  return root;
}
