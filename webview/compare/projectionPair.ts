import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { JointLayoutInfo, ProjectionPoints } from '../../src/protocol';
import { el } from '../common/dom';
import { cssColourToRgba, languagePalette, themeColour } from '../projection/colours';
import { PlotInteraction } from '../projection/interaction';
import { Legend } from '../projection/legend';
import { languageLabel, type LanguageNames } from '../common/languageLabel';
import { PickIndex } from '../projection/pickIndex';
import { kindLabel, pointSet, type PointSet } from '../projection/points';
import { ScatterGl, type Rgba, type View } from '../projection/scatterGl';
import { Tooltip } from '../projection/sidePanel';
import { displacementSummary } from './displacementChart';

const PICK_RADIUS = 8;

export type ColourBy = 'displacement' | 'language';

export interface PairHost {
  hidden(): string[];
  view(): View | undefined;
  colourBy(): ColourBy;
  save(patch: { hiddenLanguages?: string[]; projectionView?: View; projectionColour?: ColourBy }): void;
}

interface Side {
  ps: PointSet;
  scatter: ScatterGl;
  index: PickIndex;
  interaction: PlotInteraction;
  plot: HTMLElement;
}

/** Displacement classes, as multiples of the noise baseline's 95th percentile (T). */
const BINS: Array<{ code: string; title: string; colour: string }> = [
  { code: '≤ noise p95', title: 'moved no further than 95% of points move by layout noise alone', colour: 'descriptionForeground' },
  { code: '1–2× noise', title: 'moved 1 to 2 times the noise baseline’s 95th percentile', colour: 'charts-blue' },
  { code: '2–4× noise', title: 'moved 2 to 4 times the noise baseline’s 95th percentile', colour: 'editorWarning-foreground' },
  { code: '> 4× noise', title: 'moved more than 4 times the noise baseline’s 95th percentile', colour: 'charts-red' },
];

/**
 * Run A and run B side by side in one joint layout (the host laid both out together, each point
 * pulled toward its position in the other). Point i is the same sentence in both. Colour by
 * language, or by how far each point moved between A and B measured against the noise
 * baseline (model A laid out jointly with itself). Both plots share one view; hovering a point
 * rings it in both. The renderer, picking, legend and tooltip are the Projection panel's
 * modules; texts reach the page as text only.
 */
export class ProjectionPair {
  private readonly sides: [Side, Side];
  private readonly languages: string[];
  private readonly tooltip: Tooltip;
  private readonly displacement: Float32Array;
  private readonly bin: Uint16Array;
  private readonly langIndex: Uint16Array;
  private readonly legendRoot: HTMLElement;
  private colourBy: ColourBy;
  private hidden: boolean[] = [];

  constructor(
    container: HTMLElement,
    a: ProjectionPoints,
    b: ProjectionPoints,
    displacement: ArrayBuffer,
    baseline: ArrayBuffer,
    private readonly layout: JointLayoutInfo,
    labels: { a: string; b: string; modelA: string },
    private readonly host: PairHost,
    /** English names by code, for the language legend (`de — German`). */
    private readonly names: LanguageNames = {},
  ) {
    const psA = pointSet(a);
    const psB = pointSet(b);
    if (psA.n !== psB.n) throw new Error(`joint layout: ${psA.n} points in A, ${psB.n} in B`);
    this.languages = psA.languages;
    this.langIndex = psA.lang;
    this.displacement = new Float32Array(displacement);
    const noise = new Float32Array(baseline);
    const t = layout.summary.baseline.p95;
    this.bin = Uint16Array.from(this.displacement, (d) => (d <= t ? 0 : d <= 2 * t ? 1 : d <= 4 * t ? 2 : 3));
    this.colourBy = host.colourBy();

    this.legendRoot = el('div', { className: 'pp-legend cmp-proj-legend' });
    const colourSelect = el(
      'vscode-single-select',
      { attrs: { 'aria-label': 'Colour points by', 'data-key': 'colour-by' } },
      ([['displacement', 'displacement A → B'], ['language', 'language']] as const).map(([v, text]) => el('vscode-option', { text, attrs: v === this.colourBy ? { value: v, selected: '' } : { value: v } })),
    );
    colourSelect.addEventListener('change', () => this.setColourBy(colourSelect.value === 'language' ? 'language' : 'displacement'));
    const plots = el('div', { className: 'cmp-proj-plots' });
    container.replaceChildren(
      el('h2', { text: 'Projections in one joint layout' }),
      el('p', {
        className: 'muted cmp-proj-info',
        text: `Both models' embeddings of the same ${psA.n.toLocaleString('en-US')} points laid out together (UMAP, ${layout.neighbors} neighbours, min. distance ${layout.minDist}, seeds ${layout.seeds.join(' and ')}): each point is pulled toward its position in the other layout (AlignedUMAP-style, strength ${layout.lambda}, weighted by how much its neighbourhood is shared), so a point sits elsewhere in B when its neighbours changed. Layouts differ a little even for identical vectors: the noise baseline below lays out model A jointly with itself under the same seeds. Drag or scroll either plot; hover a point to ring it in both.`,
      }),
      displacementSummary(this.displacement, noise, layout, labels.modelA),
      el('div', { className: 'toolbar cmp-proj-toolbar' }, [el('label', { className: 'cmp-field' }, [el('span', { className: 'muted', text: 'Colour by' }), colourSelect])]),
      this.legendRoot,
      plots,
    );
    this.tooltip = new Tooltip(document.body);
    const make = (ps: PointSet, tag: 'A' | 'B', label: string): Side => {
      const plot = el('div', { className: 'pp-plot' });
      plots.append(el('figure', { className: 'cmp-proj' }, [el('figcaption', {}, [el('strong', { text: tag }), ` ${label}`]), el('div', { className: 'pp-plot-wrap cmp-proj-wrap' }, [plot])]));
      const gl = el('canvas', { className: 'pp-gl', attrs: { 'aria-hidden': 'true', 'data-run': tag } });
      const overlay = el('canvas', {
        className: 'pp-overlay',
        attrs: { tabindex: '0', role: 'img', 'aria-label': `Projection of run ${tag}: ${ps.n} points. Drag to pan, wheel to zoom, arrows pan, + and − zoom, 0 resets.` },
      });
      plot.replaceChildren(gl, overlay);
      const scatter = new ScatterGl(gl, { preserveDrawingBuffer: true });
      scatter.setStyle({ pointSize: ps.n <= 2_000 ? 6 : ps.n <= 20_000 ? 4 : 3, alpha: ps.n <= 2_000 ? 0.9 : 0.7 });
      const interaction = new PlotInteraction(overlay, scatter, {
        mode: () => 'pan',
        hover: (x, y, cx, cy) => this.hover(side, x, y, cx, cy),
        leave: () => this.hover(side, -1, -1, 0, 0),
        click: () => undefined,
        select: () => undefined,
        viewChanged: () => host.save({ projectionView: { ...scatter.view } }),
        escape: () => this.hover(side, -1, -1, 0, 0),
      });
      const side: Side = { ps, scatter, index: new PickIndex(ps.coords), interaction, plot };
      return side;
    };
    this.sides = [make(psA, 'A', labels.a), make(psB, 'B', labels.b)];
    const [sa, sb] = this.sides;
    // One view for both: whichever plot moved, the other follows.
    for (const [me, other] of [[sa, sb], [sb, sa]] as const) {
      me.scatter.onRender = () => {
        me.interaction.redraw();
        const v = me.scatter.view;
        const o = other.scatter.view;
        if (v.x !== o.x || v.y !== o.y || v.scale !== o.scale) other.scatter.setView({ ...v });
      };
      new ResizeObserver(() => me.scatter.resize()).observe(me.plot);
    }
    this.setColourBy(this.colourBy, false);
    const saved = host.view();
    if (saved && Number.isFinite(saved.scale) && saved.scale > 0) sa.scatter.setView(saved);
    else {
      this.fitBoth();
      // The plots get their size once laid out: fit again then, unless the user moved the view.
      requestAnimationFrame(() => host.view() === undefined && this.fitBoth());
    }
    sb.scatter.setView({ ...sa.scatter.view });
  }

  /** One view that shows every point of both layouts. */
  private fitBoth(): void {
    const [sa, sb] = this.sides;
    sb.scatter.fit();
    const vb = { ...sb.scatter.view };
    sa.scatter.fit();
    const va = sa.scatter.view;
    if (vb.scale < va.scale) sa.scatter.setView({ x: (va.x + vb.x) / 2, y: (va.y + vb.y) / 2, scale: vb.scale * 0.95 });
  }

  applyTheme(): void {
    const outline = cssColourToRgba(themeColour('editor-foreground') || themeColour('foreground'), [204, 204, 204, 255]);
    const palette = this.palette();
    for (const s of this.sides) {
      s.scatter.setPalette(palette);
      s.scatter.setHidden(this.hidden);
      s.scatter.setStyle({ outline });
    }
  }

  dispose(): void {
    this.tooltip.hide();
    for (const s of this.sides) s.scatter.dispose();
  }

  private palette(): Rgba[] {
    return this.colourBy === 'language' ? languagePalette(this.languages.length).rgba : BINS.map((b) => cssColourToRgba(themeColour(b.colour), [128, 128, 128, 255]));
  }

  /** Colour index of each point (the same in both plots). */
  private colours(): Uint16Array {
    return this.colourBy === 'language' ? this.langIndex : this.bin;
  }

  private setColourBy(mode: ColourBy, save = true): void {
    this.colourBy = mode;
    if (save) this.host.save({ projectionColour: mode });
    const index = this.colours();
    for (const s of this.sides) s.scatter.setPoints(s.ps.coords, index);
    if (mode === 'language') {
      const counts = this.languages.map((_, l) => 2 * countOf(this.langIndex, l));
      const hidden = this.host.hidden();
      this.hidden = this.languages.map((l) => hidden.includes(l));
      new Legend(this.legendRoot, this.languages, counts, languagePalette(this.languages.length).css, (h) => this.setHidden(h, true)).set(hidden);
      // The shared legend shows codes; the names follow them here (the code stays its own element).
      this.legendRoot.querySelectorAll<HTMLElement>('.legend-item').forEach((item, l) => {
        const name = this.names[this.languages[l]];
        if (!name) return;
        item.querySelector('.legend-code')?.after(el('span', { className: 'legend-name', text: ` ${name}` }));
        item.title = `${languageLabel(this.languages[l], this.names)}: ${item.title.slice(item.title.indexOf(':') + 2)}`;
      });
    } else {
      const codes = BINS.map((b) => b.code);
      const counts = codes.map((_, k) => countOf(this.bin, k));
      this.hidden = codes.map(() => false);
      new Legend(this.legendRoot, codes, counts, BINS.map((b) => `var(--vscode-${b.colour})`), (h) => this.setHidden(h, false));
      this.legendRoot.querySelectorAll<HTMLElement>('.legend-item').forEach((item, k) => (item.title = `${BINS[k].code}: ${counts[k]} points ${BINS[k].title}. Click to show/hide.`));
    }
    this.legendRoot.setAttribute('aria-label', mode === 'language' ? 'Languages: click to show or hide' : 'Displacement classes (per point, in both plots): click to show or hide');
    this.applyTheme();
  }

  private setHidden(hidden: Set<string>, languages: boolean): void {
    const codes = languages ? this.languages : BINS.map((b) => b.code);
    this.hidden = codes.map((c) => hidden.has(c));
    for (const s of this.sides) s.scatter.setHidden(this.hidden);
    if (languages) this.host.save({ hiddenLanguages: [...hidden] });
  }

  private hover(side: Side, cssX: number, cssY: number, clientX: number, clientY: number): void {
    const i = cssX < 0 ? -1 : this.pick(side, cssX, cssY);
    if (i < 0) {
      this.tooltip.hide();
      for (const s of this.sides) s.interaction.setMarker(undefined);
      side.plot.classList.remove('pp-over-point');
      return;
    }
    side.plot.classList.add('pp-over-point');
    // The same point in both plots: ring it in each.
    for (const s of this.sides) s.interaction.setMarker({ x: s.ps.coords[2 * i], y: s.ps.coords[2 * i + 1], radius: s.scatter.style.pointSize / 2 + 4 });
    const d = this.displacement[i];
    const t = this.layout.summary.baseline.p95;
    const moved = `moved ${d.toFixed(2)} layout radii (${t > 0 ? (d / t).toFixed(1) : '–'}× noise p95)`;
    this.tooltip.show(this.languages[this.langIndex[i]], `${kindLabel(side.ps.kind[i])} · ${moved}`, side.ps.texts[i], clientX, clientY);
  }

  private pick(side: Side, cssX: number, cssY: number): number {
    const [x, y] = side.scatter.screenToData(cssX, cssY);
    const index = this.colours();
    return side.index.nearest(x, y, PICK_RADIUS / side.scatter.view.scale, (i) => !this.hidden[index[i]]);
  }
}

function countOf(xs: Uint16Array, k: number): number {
  let n = 0;
  for (const x of xs) if (x === k) n++;
  return n;
}
