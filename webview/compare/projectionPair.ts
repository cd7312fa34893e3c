import type { ProjectionAlignment, ProjectionPoints } from '../../src/protocol';
import { el } from '../common/dom';
import { cssColourToRgba, languagePalette, themeColour } from '../projection/colours';
import { PlotInteraction } from '../projection/interaction';
import { Legend } from '../projection/legend';
import { PickIndex } from '../projection/pickIndex';
import { kindLabel, pointSet, type PointSet } from '../projection/points';
import { ScatterGl, type View } from '../projection/scatterGl';
import { Tooltip } from '../projection/sidePanel';

const PICK_RADIUS = 8;

export interface PairHost {
  hidden(): string[];
  view(): View | undefined;
  save(patch: { hiddenLanguages?: string[]; projectionView?: View }): void;
}

interface Side {
  ps: PointSet;
  /** Language of each point as an index into the pair's shared language list. */
  lang: Uint16Array;
  scatter: ScatterGl;
  index: PickIndex;
  interaction: PlotInteraction;
  plot: HTMLElement;
}

/**
 * Run A and run B side by side in one shared layout (B's layout was aligned onto A's by the
 * host). The renderer, picking, legend and tooltip are the Projection panel's modules. Both plots
 * share one view (pan or zoom either) and one legend; hovering a point rings it in both plots,
 * so one sees where the other model put the same sentence. Texts reach the page as text only.
 */
export class ProjectionPair {
  private readonly sides: [Side, Side];
  /** Index in B of A's point i (−1: not shown in B), and the inverse. */
  private readonly toB: Int32Array;
  private readonly toA: Int32Array;
  private hidden: boolean[];
  private readonly languages: string[];
  private readonly tooltip: Tooltip;

  constructor(
    container: HTMLElement,
    a: ProjectionPoints,
    b: ProjectionPoints,
    match: ArrayBuffer,
    alignment: ProjectionAlignment,
    labels: { a: string; b: string },
    private readonly host: PairHost,
  ) {
    const psA = pointSet(a);
    const psB = pointSet(b);
    // One colour per language across both plots: B's language indices are remapped onto A's list.
    const languages = [...psA.languages, ...psB.languages.filter((l) => !psA.languages.includes(l))];
    this.languages = languages;
    const langB = Uint16Array.from(psB.lang, (l) => languages.indexOf(psB.languages[l]));
    this.toB = new Int32Array(match);
    this.toA = new Int32Array(psB.n).fill(-1);
    this.toB.forEach((j, i) => j >= 0 && (this.toA[j] = i));
    this.hidden = languages.map((l) => host.hidden().includes(l));
    const palette = languagePalette(languages.length);
    const counts = languages.map((_, l) => countOf(psA.lang, l) + countOf(langB, l));

    const legend = el('div', { className: 'pp-legend cmp-proj-legend' });
    const plots = el('div', { className: 'cmp-proj-plots' });
    container.replaceChildren(
      el('h2', { text: 'Projections in one shared layout' }),
      el('p', {
        className: 'muted cmp-proj-info',
        text: `UMAP of each run's embeddings (${a.layout.neighbors} neighbours, min. distance ${a.layout.minDist}, seed ${a.layout.seed}); B's layout is rotated${alignment.reflected ? ', mirrored' : ''} and scaled onto A's over ${alignment.pairs.toLocaleString('en-US')} shared points (rms distance ${alignment.rmsd.toFixed(2)}). Drag or scroll either plot; hover a point to ring it in both.`,
      }),
      legend,
      plots,
    );
    this.tooltip = new Tooltip(document.body);
    const make = (ps: PointSet, lang: Uint16Array, tag: 'A' | 'B', label: string): Side => {
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
      scatter.setPoints(ps.coords, lang);
      const interaction = new PlotInteraction(overlay, scatter, {
        mode: () => 'pan',
        hover: (x, y, cx, cy) => this.hover(side, x, y, cx, cy),
        leave: () => this.hover(side, -1, -1, 0, 0),
        click: () => undefined,
        select: () => undefined,
        viewChanged: () => host.save({ projectionView: { ...scatter.view } }),
        escape: () => this.hover(side, -1, -1, 0, 0),
      });
      const side: Side = { ps, lang, scatter, index: new PickIndex(ps.coords), interaction, plot };
      return side;
    };
    this.sides = [make(psA, psA.lang, 'A', labels.a), make(psB, langB, 'B', labels.b)];
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
    new Legend(legend, languages, counts, palette.css, (hidden) => this.setHidden(hidden)).set(host.hidden());
    this.applyTheme();
    const saved = host.view();
    if (saved && Number.isFinite(saved.scale) && saved.scale > 0) sa.scatter.setView(saved);
    else sa.scatter.fit();
    sb.scatter.setView({ ...sa.scatter.view });
  }

  applyTheme(): void {
    const palette = languagePalette(this.hidden.length);
    const outline = cssColourToRgba(themeColour('editor-foreground') || themeColour('foreground'), [204, 204, 204, 255]);
    for (const s of this.sides) {
      s.scatter.setPalette(palette.rgba);
      s.scatter.setHidden(this.hidden);
      s.scatter.setStyle({ outline });
    }
  }

  dispose(): void {
    this.tooltip.hide();
    for (const s of this.sides) s.scatter.dispose();
  }

  private setHidden(hidden: Set<string>): void {
    this.hidden = this.languages.map((l) => hidden.has(l));
    for (const s of this.sides) s.scatter.setHidden(this.hidden);
    this.host.save({ hiddenLanguages: [...hidden] });
  }

  private hover(side: Side, cssX: number, cssY: number, clientX: number, clientY: number): void {
    const [sa, sb] = this.sides;
    const i = cssX < 0 ? -1 : this.pick(side, cssX, cssY);
    if (i < 0) {
      this.tooltip.hide();
      for (const s of this.sides) s.interaction.setMarker(undefined);
      side.plot.classList.remove('pp-over-point');
      return;
    }
    side.plot.classList.add('pp-over-point');
    const other = side === sa ? sb : sa;
    const j = side === sa ? this.toB[i] : this.toA[i];
    const ring = (s: Side, k: number) => (k < 0 ? undefined : { x: s.ps.coords[2 * k], y: s.ps.coords[2 * k + 1], radius: s.scatter.style.pointSize / 2 + 4 });
    side.interaction.setMarker(ring(side, i));
    other.interaction.setMarker(ring(other, j));
    const ps = side.ps;
    this.tooltip.show(this.languages[side.lang[i]], kindLabel(ps.kind[i]), ps.texts[i], clientX, clientY);
  }

  private pick(side: Side, cssX: number, cssY: number): number {
    const [x, y] = side.scatter.screenToData(cssX, cssY);
    return side.index.nearest(x, y, PICK_RADIUS / side.scatter.view.scale, (i) => !this.hidden[side.lang[i]]);
  }
}

function countOf(lang: Uint16Array, l: number): number {
  let n = 0;
  for (const x of lang) if (x === l) n++;
  return n;
}
