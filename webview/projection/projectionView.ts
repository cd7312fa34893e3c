import type { ColourBy, KindFilter, NeighbourRow, OutcomeColumn, PoolList, ProjectionOutcomes, ProjectionState } from '../../src/protocol';
import { el } from '../common/dom';
import { cssColourToRgba, languagePalette, resolveCss, themeColour } from './colours';
import { outcomeColouring, type OutcomeColouring } from './colouring';
import { OutcomeLegend } from './outcomeLegend';
import { PlotInteraction, type Mode, type Shape } from './interaction';
import { Legend } from './legend';
import { PickIndex } from './pickIndex';
import { kindLabel, sentencesOnly, translationsOf, type PointSet } from './points';
import { TextSearch } from './search';
import { selectBox, selectLasso } from './selection';
import { ScatterGl, FLAG_FOCUS, FLAG_MATCH, FLAG_RELATED, FLAG_SELECTED } from './scatterGl';
import { SidePanel, Tooltip, type NeighbourState, type PoolState } from './sidePanel';

/** Hover and click reach this far from a point (CSS pixels). */
const PICK_RADIUS = 8;
const NEIGHBOURS_K = 10;

export interface ViewDom {
  legend: HTMLElement;
  /** Glyph key and the outcome legend. */
  key: HTMLElement;
  /** Where the view puts its "Colour by" and "Points" controls. */
  controls: HTMLElement;
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
  /** The run's ranking of query point `index` (pool variant `pool`); returns the request id. */
  requestPool(index: number, pool: string): number;
}

/**
 * One loaded projection: the WebGL plot, legends, side panel and the UI state that ties them
 * together (hidden languages, kinds shown, colouring, hidden outcome values, search matches,
 * selection, clicked point). Every user change is saved with setState so a window reload
 * restores it. Queries are drawn as discs and documents as squares when both are projected;
 * colour is language or a per-query outcome of the run, never the only cue (legend buttons hide
 * values, the side panel names them).
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
  private readonly key: OutcomeLegend;
  private readonly bothKinds: boolean;
  private kinds: KindFilter;
  private colourBy: ColourBy;
  private pool: string;
  private hiddenValues: Set<string>;
  private colouring: OutcomeColouring | undefined;
  /** Palette entry per point as drawn (hidden points on the last, transparent entry). */
  private slots: Uint16Array;
  private pendingPool = -1;
  private neighbourState: NeighbourState | undefined;
  private poolState: PoolState | undefined;
  private matches: number[] = [];
  private selection: number[] = [];
  private focus: number | undefined;
  private pendingNeighbours = -1;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly ps: PointSet,
    private readonly dom: ViewDom,
    private readonly host: ViewHost,
    private readonly outcomes?: ProjectionOutcomes,
  ) {
    const st = host.state();
    const palette = languagePalette(ps.languages.length);
    this.colours = palette.css;
    this.hidden = ps.languages.map((l) => st.hiddenLanguages.includes(l));
    this.flags = new Uint8Array(ps.n);
    this.slots = new Uint16Array(ps.n);
    this.bothKinds = ps.kind.includes(0) && ps.kind.includes(1);
    this.kinds = this.bothKinds ? (st.kinds ?? 'both') : 'both';
    const variants = outcomes?.variants ?? [];
    this.pool = variants.some((v) => v.pool === st.pool) ? st.pool! : (variants[0]?.pool ?? '');
    this.colourBy = st.colourBy && st.colourBy !== 'language' && this.columnOf(st.colourBy) ? st.colourBy : 'language';
    this.hiddenValues = new Set(st.hiddenValues ?? []);
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
    // Discs for queries, squares for documents, when both are projected (a sentence set: all discs).
    this.scatter.setPoints(ps.coords, ps.lang, this.bothKinds ? Uint8Array.from(ps.kind, (k) => (k === 1 ? 1 : 0)) : undefined);
    this.key = new OutcomeLegend(dom.key, (value) => this.toggleValue(value));
    this.buildControls();

    this.tooltip = new Tooltip(document.body);
    this.legend = new Legend(dom.legend, ps.languages, ps.counts, this.colours, (hidden) => this.setHidden(hidden));
    this.legend.set(st.hiddenLanguages);
    this.side = new SidePanel(dom.side, ps, this.colours, (i) => this.setFocus(i, true), () => this.setSelection(undefined), (i) => this.outcomeValuesOf(i));
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
    this.applyTheme();
    fitWhenSized();

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
    this.side.recolour();
    this.scatter.setStyle({ outline: cssColourToRgba(themeColour('editor-foreground') || themeColour('foreground'), [204, 204, 204, 255]) });
    this.applyColours();
  }

  /** Colouring and visibility to the GPU, and the legends to match. */
  private applyColours(): void {
    const column = this.colourBy === 'language' ? undefined : this.columnOf(this.colourBy);
    this.colouring = column ? outcomeColouring(column, new Float32Array(column.values)) : undefined;
    const css = this.colouring ? this.colouring.palette.map(resolveCss) : this.colours;
    const hiddenSlot = css.length;
    const ps = this.ps;
    for (let i = 0; i < ps.n; i++) this.slots[i] = this.visible(i) ? (this.colouring ? this.colouring.index[i] : ps.lang[i]) : hiddenSlot;
    const rgba = css.map((c) => cssColourToRgba(c));
    this.scatter.setPalette([...rgba, [0, 0, 0, 0]]);
    this.scatter.setHidden([...css.map(() => false), true]);
    this.scatter.setCategories(this.slots);
    // Language swatches only while colour means language.
    this.legend.recolour(this.colouring ? this.colours.map(() => 'transparent') : this.colours);
    this.dom.legend.classList.toggle('pp-legend-plain', !!this.colouring);
    let queries = 0;
    for (let i = 0; i < ps.n; i++) if (ps.kind[i] === 0) queries++;
    this.key.render({
      glyphs: this.bothKinds ? { queries, documents: ps.n - queries } : undefined,
      outcome: column && this.colouring ? { column, colouring: this.colouring, pool: this.pool, hidden: this.hiddenValues, queries, documents: ps.n - queries } : undefined,
    });
  }

  private variant() {
    return this.outcomes?.variants.find((v) => v.pool === this.pool);
  }

  private columnOf(name: ColourBy): OutcomeColumn | undefined {
    return this.variant()?.columns.find((c) => c.name === name);
  }

  /** The run's outcomes of point i (queries of a run), for the side panel. */
  private outcomeValuesOf(i: number): Array<{ label: string; value: string }> {
    const v = this.variant();
    if (!v || this.ps.kind[i] !== 0) return [];
    return v.columns.flatMap((c) => {
      const x = new Float32Array(c.values)[i];
      if (Number.isNaN(x)) return [];
      return [{ label: c.label, value: c.scale === 'binary' ? (c.levels?.[x >= 0.5 ? 1 : 0] ?? String(x)) : String(x) }];
    });
  }

  /** The toolbar's "Colour by", "Pool" (cross runs) and "Points" (queries, documents or both) controls. */
  private buildControls(): void {
    const c = this.dom.controls;
    c.replaceChildren();
    const colour = el('select', { className: 'pp-colour-by', attrs: { 'aria-label': 'Colour points by' } });
    colour.append(el('option', { attrs: { value: 'language' }, text: 'Language' }));
    const names = new Map<string, string>();
    for (const v of this.outcomes?.variants ?? []) for (const col of v.columns) names.set(col.name, col.label);
    for (const [name, label] of names) colour.append(el('option', { attrs: { value: name }, text: `Outcome: ${label}` }));
    colour.value = this.colourBy;
    colour.disabled = names.size === 0;
    colour.title = this.outcomes?.unavailable ?? (this.outcomes ? 'Colour by language or by a per-query outcome of the run' : 'A projection without a run: colour by language');
    colour.addEventListener('change', () => {
      this.colourBy = colour.value as ColourBy;
      this.hiddenValues.clear();
      this.host.saveState({ colourBy: this.colourBy, hiddenValues: [] });
      this.visibilityChanged();
    });
    c.append(el('label', { className: 'pp-control' }, [el('span', { className: 'muted', text: 'Colour ' }), colour]));
    const variants = this.outcomes?.variants ?? [];
    if (variants.length > 1) {
      const pool = el('select', { className: 'pp-pool', attrs: { 'aria-label': 'Pool whose outcomes colour the queries' } });
      for (const v of variants) pool.append(el('option', { attrs: { value: v.pool }, text: `pool ${v.pool.slice(1)}` }));
      pool.value = this.pool;
      pool.addEventListener('change', () => {
        this.pool = pool.value;
        this.host.saveState({ pool: this.pool });
        this.visibilityChanged();
        if (this.focus !== undefined) this.setFocus(this.focus, false, false);
      });
      c.append(pool);
    }
    if (this.outcomes?.unavailable) c.append(el('span', { className: 'muted pp-outcomes-note', text: this.outcomes.unavailable }));
    if (this.bothKinds) {
      const group = el('vscode-radio-group', { className: 'pp-kinds', attrs: { 'aria-label': 'Points shown' } }, (
        [['queries', 'Queries'], ['documents', 'Documents'], ['both', 'Both']] as const
      ).map(([value, label]) => el('vscode-radio', { attrs: { name: 'pp-kinds', value, label }, text: label })));
      group.querySelectorAll('vscode-radio').forEach((r) => (r.checked = r.value === this.kinds));
      group.addEventListener('change', (e) => {
        const value = (e.target as HTMLElement & { value?: string }).value;
        if (value !== 'queries' && value !== 'documents' && value !== 'both') return;
        this.kinds = value;
        this.host.saveState({ kinds: value });
        this.visibilityChanged();
      });
      c.append(group);
    }
  }

  private toggleValue(key: string): void {
    if (this.hiddenValues.has(key)) this.hiddenValues.delete(key);
    else this.hiddenValues.add(key);
    this.host.saveState({ hiddenValues: [...this.hiddenValues] });
    this.visibilityChanged();
  }

  /** After a change of what is drawn: GPU, focus, selection and status follow. */
  private visibilityChanged(): void {
    this.applyColours();
    if (this.focus !== undefined && !this.visible(this.focus)) this.setFocus(undefined, false);
    const shape = this.host.state().selectionShape;
    if (shape) this.setSelection(shape, false);
    this.refresh();
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
    this.neighbourState = error ? { status: 'error', message: error } : { status: 'done', rows };
    this.side.showPoint(this.focus, this.neighbourState, this.poolState);
  }

  /** The run's ranking of the clicked query (its pool documents), when it belongs to the latest request. */
  poolList(requestId: number, list: PoolList | undefined, error?: string): void {
    if (requestId !== this.pendingPool || this.focus === undefined) return;
    this.poolState = list ? { status: 'done', list } : { status: 'error', message: error ?? 'no ranking' };
    this.side.showPoint(this.focus, this.neighbourState, this.poolState);
  }

  /** Where point i is drawn, in the page's client coordinates (UI tests aim clicks with this). */
  clientPosition(i: number): { x: number; y: number } {
    const [sx, sy] = this.scatter.dataToScreen(this.ps.coords[2 * i], this.ps.coords[2 * i + 1]);
    const r = this.scatter.canvas.getBoundingClientRect();
    return { x: r.left + sx, y: r.top + sy };
  }

  /** 0 = query, 1 = document (tests pick points by kind). */
  kindOf(i: number): number {
    return this.ps.kind[i];
  }

  /** Indices of the points whose text contains `text` (exact substring). */
  indicesOf(text: string): number[] {
    return this.ps.texts.flatMap((t, i) => (t.includes(text) ? [i] : []));
  }

  /** Points currently drawn (language, kind and outcome value shown). */
  visibleCount(): number {
    let n = 0;
    for (let i = 0; i < this.ps.n; i++) if (this.visible(i)) n++;
    return n;
  }

  private visible = (i: number): boolean => {
    const ps = this.ps;
    if (this.hidden[ps.lang[i]]) return false;
    if (this.kinds === 'queries' ? ps.kind[i] !== 0 : this.kinds === 'documents' ? ps.kind[i] !== 1 : false) return false;
    if (this.colouring && this.hiddenValues.size > 0) {
      const slot = this.colouring.index[i];
      const key = slot === this.colouring.noneSlot ? 'none' : this.colouring.ramp ? 'value' : String(slot);
      if (this.hiddenValues.has(key)) return false;
    }
    return true;
  };

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
    this.tooltip.show(this.ps.languages[this.ps.lang[i]], kindLabel(this.ps.kind[i], !this.bothKinds && sentencesOnly(this.ps)), this.ps.texts[i], clientX, clientY);
  }

  private setHidden(hidden: Set<string>): void {
    this.hidden = this.ps.languages.map((l) => hidden.has(l));
    this.host.saveState({ hiddenLanguages: [...hidden] });
    // The selection keeps its shape; hidden points leave it and come back when shown.
    this.visibilityChanged();
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
    this.neighbourState = { status: 'loading' };
    // A query of a run with per-query records: its pool documents as the retriever ranked them.
    const ranked = i !== undefined && this.ps.kind[i] === 0 && (this.outcomes?.variants.length ?? 0) > 0;
    this.poolState = ranked ? { status: 'loading' } : this.outcomes?.unavailable && i !== undefined && this.ps.kind[i] === 0 ? { status: 'error', message: this.outcomes.unavailable } : undefined;
    if (ranked) this.pendingPool = this.host.requestPool(i, this.pool);
    this.scatter.setEdges(edges);
    this.side.showPoint(i, this.neighbourState, this.poolState);
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
    this.dom.status.dataset.colour = this.colourBy;
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
