import type { NeighbourRow, ProjectionState } from '../../src/protocol';
import { el } from '../common/dom';
import { cssColourToRgba, languagePalette, themeColour } from './colours';
import { PlotInteraction, type Mode, type Shape } from './interaction';
import { Legend } from './legend';
import { PickIndex } from './pickIndex';
import { kindLabel, translationsOf, type PointSet } from './points';
import { TextSearch } from './search';
import { selectBox, selectLasso } from './selection';
import { ScatterGl, FLAG_FOCUS, FLAG_MATCH, FLAG_RELATED, FLAG_SELECTED } from './scatterGl';
import { SidePanel, Tooltip, type NeighbourState } from './sidePanel';

/** Hover and click reach this far from a point (CSS pixels). */
const PICK_RADIUS = 8;
const NEIGHBOURS_K = 10;

export interface ViewDom {
  legend: HTMLElement;
  plot: HTMLElement;
  side: HTMLElement;
  status: HTMLElement;
  matches: HTMLElement;
  search: HTMLInputElement | (HTMLElement & { value: string });
}

export interface ViewHost {
  state(): ProjectionState;
  saveState(patch: Partial<ProjectionState>): void;
  requestNeighbours(index: number, k: number): number;
}

/**
 * One loaded projection: the WebGL plot, legend, side panel and the UI state that ties them
 * together (hidden languages, search matches, selection, clicked point). Every user change is
 * saved with setState so a window reload restores it.
 */
export class ProjectionView {
  readonly scatter: ScatterGl;
  private readonly index: PickIndex;
  private readonly search: TextSearch;
  private readonly legend: Legend;
  private readonly side: SidePanel;
  private readonly tooltip: Tooltip;
  private readonly interaction: PlotInteraction;
  private readonly colours: string[];
  private readonly flags: Uint8Array;
  private hidden: boolean[];
  private matches: number[] = [];
  private selection: number[] = [];
  private focus: number | undefined;
  private pendingNeighbours = -1;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly ps: PointSet,
    private readonly dom: ViewDom,
    private readonly host: ViewHost,
  ) {
    const st = host.state();
    const palette = languagePalette(ps.languages.length);
    this.colours = palette.css;
    this.hidden = ps.languages.map((l) => st.hiddenLanguages.includes(l));
    this.flags = new Uint8Array(ps.n);
    this.index = new PickIndex(ps.coords);
    this.search = new TextSearch(ps.texts);

    const gl = el('canvas', { className: 'pp-gl', attrs: { 'aria-hidden': 'true' } });
    const overlay = el('canvas', {
      className: 'pp-overlay',
      attrs: { tabindex: '0', role: 'img', 'aria-label': `Projection of ${ps.n} points. Drag to pan, wheel to zoom, arrows pan, + and − zoom, 0 resets, Escape clears.` },
    });
    dom.plot.replaceChildren(gl, overlay);
    // preserveDrawingBuffer: the canvas can be read back (tests, screenshots) after presenting.
    this.scatter = new ScatterGl(gl, { preserveDrawingBuffer: true });
    this.scatter.setStyle(pointStyle(ps.n));
    this.scatter.setPoints(ps.coords, ps.lang);
    this.scatter.setPalette(palette.rgba);
    this.scatter.setHidden(this.hidden);

    this.tooltip = new Tooltip(document.body);
    this.legend = new Legend(dom.legend, ps.languages, ps.counts, this.colours, (hidden) => this.setHidden(hidden));
    this.legend.set(st.hiddenLanguages);
    this.side = new SidePanel(dom.side, ps, this.colours, (i) => this.setFocus(i, true), () => this.setSelection(undefined));
    this.interaction = new PlotInteraction(overlay, this.scatter, {
      mode: () => host.state().mode ?? 'pan',
      hover: (x, y, cx, cy) => this.hover(x, y, cx, cy),
      leave: () => this.hover(-1, -1, 0, 0),
      click: (x, y) => this.setFocus(this.pick(x, y), false),
      select: (shape) => this.setSelection(shape),
      viewChanged: () => host.saveState({ view: { ...this.scatter.view } }),
      escape: () => {
        if (this.selection.length) this.setSelection(undefined);
        else this.setFocus(undefined, false);
      },
    });
    this.scatter.onRender = () => this.interaction.redraw();
    // Restore the view the user had before a reload, or fit the points once the plot has a size
    // (a panel restored in a background tab may start at 0×0).
    let needsFit = !(st.view && Number.isFinite(st.view.scale) && st.view.scale > 0);
    if (!needsFit) this.scatter.setView(st.view!);
    const fitWhenSized = () => {
      if (needsFit && this.scatter.size.width > 1 && this.scatter.size.height > 1) {
        this.scatter.fit();
        needsFit = false;
      }
    };
    this.resizeObserver = new ResizeObserver(() => {
      this.scatter.resize();
      fitWhenSized();
    });
    this.resizeObserver.observe(dom.plot);
    fitWhenSized();
    this.applyTheme();

    this.matches = st.search ? this.search.find(st.search) : [];
    if (st.selectionShape) this.setSelection(st.selectionShape, false);
    const focus = st.selected !== undefined && st.selected < ps.n ? st.selected : undefined;
    this.setFocus(focus, false, false);
    this.refresh();
  }

  /** Re-reads theme colours (the user switched themes). */
  applyTheme(): void {
    const palette = languagePalette(this.ps.languages.length);
    this.colours.splice(0, this.colours.length, ...palette.css);
    this.scatter.setPalette(palette.rgba);
    this.legend.recolour(this.colours);
    this.side.recolour();
    this.scatter.setStyle({ outline: cssColourToRgba(themeColour('editor-foreground') || themeColour('foreground'), [204, 204, 204, 255]) });
  }

  /** Releases the GPU context and observers (new points replace this view). */
  dispose(): void {
    this.resizeObserver.disconnect();
    this.tooltip.remove();
    this.scatter.dispose();
  }

  setMode(mode: Mode): void {
    this.host.saveState({ mode });
  }

  resetView(): void {
    this.scatter.fit();
    this.host.saveState({ view: { ...this.scatter.view } });
  }

  setSearch(query: string): void {
    this.matches = this.search.find(query);
    this.host.saveState({ search: query });
    this.refresh();
  }

  /** Answers from the host: shown only if they belong to the latest request. */
  neighbours(requestId: number, rows: NeighbourRow[], error?: string): void {
    if (requestId !== this.pendingNeighbours || this.focus === undefined) return;
    const state: NeighbourState = error ? { status: 'error', message: error } : { status: 'done', rows };
    this.side.showPoint(this.focus, state);
  }

  /** Where point i is drawn, in the page's client coordinates (UI tests aim clicks with this). */
  clientPosition(i: number): { x: number; y: number } {
    const [sx, sy] = this.scatter.dataToScreen(this.ps.coords[2 * i], this.ps.coords[2 * i + 1]);
    const r = this.scatter.canvas.getBoundingClientRect();
    return { x: r.left + sx, y: r.top + sy };
  }

  /** Indices of the points whose text contains `text` (exact substring). */
  indicesOf(text: string): number[] {
    return this.ps.texts.flatMap((t, i) => (t.includes(text) ? [i] : []));
  }

  /** Points currently drawn (their language is not hidden). */
  visibleCount(): number {
    return this.ps.counts.reduce((s, c, l) => s + (this.hidden[l] ? 0 : c), 0);
  }

  private visible = (i: number): boolean => !this.hidden[this.ps.lang[i]];

  private pick(cssX: number, cssY: number): number | undefined {
    const [x, y] = this.scatter.screenToData(cssX, cssY);
    const i = this.index.nearest(x, y, PICK_RADIUS / this.scatter.view.scale, this.visible);
    return i < 0 ? undefined : i;
  }

  private hover(cssX: number, cssY: number, clientX: number, clientY: number): void {
    const i = cssX < 0 ? undefined : this.pick(cssX, cssY);
    if (i === undefined) {
      this.tooltip.hide();
      this.dom.plot.classList.remove('pp-over-point');
      this.interaction.setMarker(undefined);
      return;
    }
    this.dom.plot.classList.add('pp-over-point');
    this.interaction.setMarker({ x: this.ps.coords[2 * i], y: this.ps.coords[2 * i + 1], radius: this.scatter.style.pointSize / 2 + 4 });
    this.tooltip.show(this.ps.languages[this.ps.lang[i]], kindLabel(this.ps.kind[i]), this.ps.texts[i], clientX, clientY);
  }

  private setHidden(hidden: Set<string>): void {
    this.hidden = this.ps.languages.map((l) => hidden.has(l));
    this.scatter.setHidden(this.hidden);
    this.host.saveState({ hiddenLanguages: [...hidden] });
    if (this.focus !== undefined && !this.visible(this.focus)) this.setFocus(undefined, false);
    // The selection keeps its shape; hidden points leave it and come back when shown.
    const shape = this.host.state().selectionShape;
    if (shape) this.setSelection(shape, false);
    this.refresh();
  }

  private setSelection(shape: Shape | undefined, save = true): void {
    if (!shape) this.selection = [];
    else if (shape.kind === 'box') this.selection = selectBox(this.index, shape.points[0], shape.points[1], shape.points[2], shape.points[3], this.visible);
    else this.selection = selectLasso(this.index, shape.points, this.visible);
    this.interaction.setCommitted(shape);
    if (save) this.host.saveState({ selectionShape: shape });
    this.side.showSelection(this.selection);
    this.refresh();
  }

  /** `reveal`: also pan so the point is on screen (picked from a table, not the plot). */
  private setFocus(i: number | undefined, reveal: boolean, save = true): void {
    this.focus = i;
    if (save) this.host.saveState({ selected: i });
    const edges: number[] = [];
    if (i !== undefined) {
      for (const j of translationsOf(this.ps, i)) if (this.visible(j)) edges.push(i, j);
      this.pendingNeighbours = this.host.requestNeighbours(i, NEIGHBOURS_K);
      if (reveal) this.reveal(i);
    }
    this.scatter.setEdges(edges);
    this.side.showPoint(i, { status: 'loading' });
    this.refresh();
  }

  private reveal(i: number): void {
    const [sx, sy] = this.scatter.dataToScreen(this.ps.coords[2 * i], this.ps.coords[2 * i + 1]);
    const { width, height } = this.scatter.size;
    if (sx < 20 || sy < 20 || sx > width - 20 || sy > height - 20) {
      this.scatter.setView({ ...this.scatter.view, x: this.ps.coords[2 * i], y: this.ps.coords[2 * i + 1] });
      this.host.saveState({ view: { ...this.scatter.view } });
    }
  }

  /** Recomputes point flags and the status texts from matches, selection and focus. */
  private refresh(): void {
    const f = this.flags;
    f.fill(0);
    for (const i of this.matches) f[i] |= FLAG_MATCH;
    for (const i of this.selection) f[i] |= FLAG_SELECTED;
    if (this.focus !== undefined) {
      for (const j of translationsOf(this.ps, this.focus)) f[j] |= FLAG_RELATED;
      f[this.focus] |= FLAG_FOCUS;
    }
    this.scatter.setFlags(f);
    const visible = this.visibleCount();
    this.dom.status.textContent = `Showing ${visible.toLocaleString()} of ${this.ps.n.toLocaleString()} points · ${this.ps.languages.length} languages`;
    this.dom.status.dataset.visible = String(visible);
    const query = this.host.state().search ?? '';
    if (!query.trim()) this.dom.matches.textContent = '';
    else {
      const shown = this.matches.filter(this.visible).length;
      this.dom.matches.textContent = `${this.matches.length.toLocaleString()} match${this.matches.length === 1 ? '' : 'es'}${shown < this.matches.length ? ` (${(this.matches.length - shown).toLocaleString()} hidden)` : ''}`;
    }
    this.dom.matches.dataset.count = String(this.matches.length);
  }
}

/** Smaller, fainter points as the cloud gets denser, so 100k points still show structure. */
function pointStyle(n: number): { pointSize: number; alpha: number } {
  if (n <= 2_000) return { pointSize: 7, alpha: 0.9 };
  if (n <= 20_000) return { pointSize: 4.5, alpha: 0.75 };
  return { pointSize: 3, alpha: 0.55 };
}
