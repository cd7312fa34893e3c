import type { JointLayoutInfo } from '../../src/protocol';
import { dataTable } from '../common/dataTable';
import { el } from '../common/dom';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, children: Array<SVGElement | string> = []): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

const f2 = (x: number) => x.toFixed(2);
const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;

/**
 * The summary figure: the share of points per displacement bin for A → B (bars) and for the
 * noise baseline (model A against itself, outline), the baseline's 95th percentile marked,
 * and the figures in words. Displacement is in layout radii (RMS distance from the centre).
 */
export function displacementSummary(displacement: Float32Array, baseline: Float32Array, layout: JointLayoutInfo, modelA: string): HTMLElement {
  const s = layout.summary;
  const share = s.points ? s.beyondNoise / s.points : 0;
  const text = el('p', { className: 'cmp-disp-text', attrs: { 'data-testid': 'displacement-summary' } }, [
    el('strong', { text: `Median displacement A → B: ${f2(s.median)} layout radii` }),
    ` (90th percentile ${f2(s.p90)}). Noise baseline, ${modelA} laid out jointly with itself under the same seeds (${layout.seeds.join(' and ')}): median ${f2(s.baseline.median)}, 95th percentile ${f2(s.baseline.p95)}. `,
    el('strong', { text: `${s.beyondNoise.toLocaleString('en-US')} of ${s.points.toLocaleString('en-US')} points (${pct(share)}) moved further than 95% of the baseline's points` }),
    '; about 5% would by layout noise alone.',
  ]);

  const W = 420;
  const H = 130;
  const pad = { l: 34, r: 8, t: 8, b: 28 };
  const top = Math.max(quantile(displacement, 0.99), 2 * s.baseline.p95, 1e-6);
  const BINS = 30;
  const hist = (xs: Float32Array) => {
    const h = new Array<number>(BINS).fill(0);
    for (const x of xs) h[Math.min(BINS - 1, Math.floor((x / top) * BINS))]++;
    return h.map((c) => c / Math.max(1, xs.length));
  };
  const hA = hist(displacement);
  const hN = hist(baseline);
  const ymax = Math.max(...hA, ...hN, 1e-9);
  const x = (v: number) => pad.l + (v / top) * (W - pad.l - pad.r);
  const y = (v: number) => H - pad.b - (v / ymax) * (H - pad.t - pad.b);
  const bw = (W - pad.l - pad.r) / BINS;
  const bars = hA.map((v, i) => svg('rect', { x: pad.l + i * bw + 0.5, y: y(v), width: Math.max(0, bw - 1), height: H - pad.b - y(v), class: 'cmp-disp-bar' }));
  let outline = `M ${pad.l} ${H - pad.b}`;
  hN.forEach((v, i) => (outline += ` L ${pad.l + i * bw} ${y(v)} L ${pad.l + (i + 1) * bw} ${y(v)}`));
  outline += ` L ${W - pad.r} ${H - pad.b}`;
  const p95x = x(s.baseline.p95);
  const ticks = ([[0, 'start'], [top / 2, 'middle'], [top, 'end']] as const).map(([v, anchor]) => svg('text', { x: x(v), y: H - pad.b + 14, 'text-anchor': anchor, class: 'cmp-disp-tick' }, [f2(v)]));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': `Histogram of displacement A to B against the noise baseline; ${pct(share)} of points beyond the baseline's 95th percentile`, class: 'cmp-disp-chart' }, [
    ...bars,
    svg('path', { d: outline, class: 'cmp-disp-noise' }),
    svg('line', { x1: p95x, x2: p95x, y1: pad.t, y2: H - pad.b, class: 'cmp-disp-p95' }),
    svg('text', { x: p95x + 3, y: pad.t + 9, class: 'cmp-disp-tick' }, ['noise p95']),
    svg('line', { x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b, class: 'cmp-disp-axis' }),
    ...ticks,
    svg('text', { x: (W + pad.l) / 2, y: H - 2, 'text-anchor': 'middle', class: 'cmp-disp-tick' }, ['displacement (layout radii)']),
    svg('text', { x: 2, y: pad.t + 8, class: 'cmp-disp-tick' }, [pct(ymax)]),
  ]);
  const key = el('div', { className: 'cmp-disp-key muted' }, [
    el('span', { className: 'cmp-disp-swatch cmp-disp-swatch-bar' }),
    ' A → B   ',
    el('span', { className: 'cmp-disp-swatch cmp-disp-swatch-noise' }),
    ` noise baseline (${modelA} with itself)`,
  ]);
  const table = dataTable({
    summary: 'Data table: share of points per displacement bin',
    columns: ['displacement (layout radii)', 'A → B', 'noise baseline'],
    rows: hA.map((v, i) => [`${f2((i * top) / BINS)}–${i === BINS - 1 ? 'max' : f2(((i + 1) * top) / BINS)}`, pct(v), pct(hN[i])]),
  });
  return el('div', { className: 'cmp-disp' }, [text, el('figure', { className: 'cmp-disp-figure' }, [chart, key, table])]);
}

function quantile(xs: Float32Array, p: number): number {
  if (!xs.length) return 0;
  const s = Float32Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
}
