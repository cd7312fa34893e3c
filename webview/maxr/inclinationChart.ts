import type { MetricValues } from '../../src/core/report/schema';
import { chartRoot, label, svg, tooltip } from './svg';

const W = 720;
const ROW = 34;
const M = { left: 60, right: 60, top: 24, bottom: 8 };

/**
 * EIR and SIR per query language as paired horizontal bars (0..1): EIR high / SIR low is
 * English inclination; the reverse is language clustering.
 */
export function inclinationChart(byLanguage: Record<string, MetricValues>, colours: { eir: string; sir: string }): SVGSVGElement {
  const langs = Object.keys(byLanguage).filter((l) => byLanguage[l].EIR !== undefined || byLanguage[l].SIR !== undefined);
  const H = M.top + langs.length * ROW + M.bottom;
  const root = chartRoot(W, H, 'EIR and SIR per query language');
  const x = (v: number) => M.left + v * (W - M.left - M.right);
  const grid = svg('g', { class: 'chart-grid' });
  for (const t of [0, 0.25, 0.5, 0.75, 1]) grid.append(svg('line', { x1: x(t), x2: x(t), y1: M.top - 4, y2: H - M.bottom }), label(x(t), M.top - 10, t.toFixed(2)));
  root.append(grid);
  langs.forEach((l, i) => {
    const y0 = M.top + i * ROW;
    root.append(label(M.left - 8, y0 + ROW / 2 + 4, l, 'end'));
    for (const [j, key, c] of [[0, 'EIR', colours.eir], [1, 'SIR', colours.sir]] as const) {
      const v = byLanguage[l][key];
      if (v === undefined) continue;
      const y = y0 + 4 + j * 13;
      const bar = svg('rect', { x: x(0), y, width: Math.max(1, x(v) - x(0)), height: 11, fill: c, class: 'bar' });
      tooltip(bar, `${l}: ${key} ${v.toFixed(3)}`);
      root.append(bar, label(x(v) + 4, y + 10, `${key} ${v.toFixed(2)}`, 'start', 'chart-label chart-value'));
    }
  });
  return root;
}
