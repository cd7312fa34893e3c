import type { HistogramBin } from '../../src/protocol';
import { linearScale, niceStep } from './scale';
import { chartRoot, label, svg, tooltip } from './svg';

const W = 720;
const H = 260;
const M = { left: 48, right: 16, top: 16, bottom: 40 };

/** Bars of the number of queries per MaxRank bin, with the count above each bar. */
export function histogramChart(bins: HistogramBin[], colour: string, title: string): SVGSVGElement {
  const root = chartRoot(W, H, title);
  if (!bins.length) return root;
  const max = Math.max(1, ...bins.map((b) => b.count));
  const step = niceStep(max / 5);
  const ticks: number[] = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  const y = linearScale(0, Math.max(max, ticks[ticks.length - 1]), H - M.bottom, M.top, ticks);
  const band = (W - M.left - M.right) / bins.length;
  const grid = svg('g', { class: 'chart-grid' });
  for (const t of y.ticks) grid.append(svg('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t) }), label(M.left - 6, y(t) + 4, String(t), 'end'));
  grid.append(label((M.left + W - M.right) / 2, H - 4, 'MaxRank (depth needed to recover every relevant document)'));
  root.append(grid);
  // Labels thin out when bars are narrow, so they never overlap.
  const every = Math.ceil(28 / band);
  bins.forEach((b, i) => {
    const x0 = M.left + i * band;
    const name = b.lo === b.hi ? String(b.lo) : `${b.lo}–${b.hi}`;
    const bar = svg('rect', { x: x0 + band * 0.1, y: y(b.count), width: band * 0.8, height: Math.max(0, y(0) - y(b.count)), fill: colour, class: 'bar' });
    tooltip(bar, `MaxRank ${name}: ${b.count} queries`);
    root.append(bar);
    if (b.count > 0) root.append(label(x0 + band / 2, y(b.count) - 4, String(b.count), 'middle', 'chart-label chart-value'));
    if (i % every === 0) root.append(label(x0 + band / 2, H - M.bottom + 16, name));
  });
  return root;
}
