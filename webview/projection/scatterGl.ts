/**
 * WebGL2 scatter renderer. All points go out in one draw call: positions, palette index (language
 * or outcome class), shape (SHAPE_*: disc, square…) and flags are vertex attributes, colours come from a per-language palette texture (its alpha channel hides a
 * language), and a view transform (centre + pixels per data unit) pans and zooms without
 * touching the buffers. Emphasised points (search matches, selection, the clicked point and its
 * translations) are drawn again on top, and translation edges as lines.
 *
 * Pan cache: at rest the points are drawn into a texture larger than the canvas (a margin on
 * every side), and each frame copies the visible window of it with one full-screen pass. A drag
 * only moves that window, so panning costs one copy per frame, not one vertex per point; the
 * points are redrawn when the view leaves the margin or anything drawn changes.
 * Zooming: while the wheel turns, every frame draws every point from the GPU-resident buffers
 * straight into the canvas (no cache texture to clear, no copy), at the new scale; once the wheel
 * rests the cache is rebuilt for the next drag. (Software GL, as in headless test browsers,
 * spends most of a frame on per-point work, so a frame that redraws all points draws only the
 * canvas-sized window.)
 * Many points (LOD_FROM on): a frame in motion (wheel turning, or a drag that left the pan
 * cache) draws no points at all. One full-screen pass resamples the pan cache at the new view
 * where it covers the canvas and fills the rest from a pre-binned density pyramid
 * (densityGrid.ts): the frame's cost depends on the canvas, not on the number of points. The
 * exact points are drawn again (into the cache) once the motion rests (settleDelay).
 * Shapes: each point may carry a shape (SHAPE_*; `setShapes`), drawn by the fragment shader.
 *
 * Standalone: no DOM other than its canvas and no VS Code API, so the benchmark bundles it alone.
 */

import { buildDensityGrid, type DensityGrid } from './densityGrid';
import { BASE_FS, BASE_VS, BLIT_FS, BLIT_VS, LINE_FS, LINE_VS, MOTION_CACHE_FS, MOTION_DENSITY_FS, POINT_FS, POINT_VS, program } from './scatterShaders';

/** Per-point flags (bits of `setFlags`). */
export const FLAG_MATCH = 1;
export const FLAG_SELECTED = 2;
export const FLAG_FOCUS = 4;
export const FLAG_RELATED = 8;

/** Per-point shapes (values of `setShapes`): drawn by the fragment shader, same colours. */
export const SHAPE_CIRCLE = 0;
export const SHAPE_SQUARE = 1;
export const SHAPE_TRIANGLE = 2;
export const SHAPE_DIAMOND = 3;

/** RGBA, 0..255. */
export type Rgba = readonly [number, number, number, number];

/** The view: the data point at the canvas centre and CSS pixels per data unit. */
export interface View {
  x: number;
  y: number;
  scale: number;
}

export interface ScatterStyle {
  /** Point diameter in CSS pixels. */
  pointSize: number;
  /** Opacity of ordinary points. */
  alpha: number;
  /** Opacity factor of points outside the emphasis while something is emphasised. */
  dimAlpha: number;
  /** Ring and edge colour (the theme's foreground). */
  outline: Rgba;
}

/** While the wheel turns, frames draw straight into the canvas; the pan cache is rebuilt this long after the last turn. */
const ZOOM_SETTLE_MS = 160;

/**
 * From this many points on, frames in motion that the pan cache cannot serve are drawn from the
 * cache and the density grid (no per-point work); below it they redraw every point. Software GL
 * draws ~100k points in ~140 ms, so far fewer than that keep a drag or a zoom fluid.
 */
export const LOD_FROM = 50_000;

/** Frames in motion resample the pan cache down to this fraction of the scale it was drawn at. */
const MIN_CACHE_RESAMPLE = 0.5;

/** Search matches get an outline ring only up to this many. */
const MAX_RINGED_MATCHES = 1000;

/** The pan cache holds at most this many pixels (RGBA8: 32 MB). */
const MAX_CACHE_PIXELS = 8 * 1024 * 1024;

type Uniforms = Record<string, WebGLUniformLocation | null>;

export class ScatterGl {
  /** Frames actually drawn (the benchmark counts these). */
  frames = 0;
  /** Of those, frames that redrew every point (the rest moved the pan cache). */
  fullRenders = 0;
  /** Of those, frames in motion drawn from the pan cache and the density grid (no points; see LOD_FROM). */
  motionFrames = 0;
  /** Called after every drawn frame (overlays follow the view). */
  onRender?: () => void;

  private gl: WebGL2RenderingContext;
  private pointProgram!: WebGLProgram;
  /** All points; pointProgram draws the emphasised ones again on top. */
  private baseProgram!: WebGLProgram;
  private baseU: Uniforms = {};
  private lineProgram!: WebGLProgram;
  private pointU: Uniforms = {};
  private lineU: Uniforms = {};
  private vao!: WebGLVertexArrayObject;
  private lineVao!: WebGLVertexArrayObject;
  private posBuf!: WebGLBuffer;
  private langBuf!: WebGLBuffer;
  private flagBuf!: WebGLBuffer;
  private shapeBuf!: WebGLBuffer;
  private topBuf!: WebGLBuffer;
  private lineBuf!: WebGLBuffer;
  private paletteTex!: WebGLTexture;
  private blitProgram!: WebGLProgram;
  private blitU: Uniforms = {};
  private emptyVao!: WebGLVertexArrayObject;
  private cacheTex!: WebGLTexture;
  private cacheFbo!: WebGLFramebuffer;
  private cacheW = 0;
  private cacheH = 0;
  /** The view the cache was drawn for; undefined = stale. */
  private cacheView: View | undefined;
  private zoomSettle = 0;
  private zooming = false;
  private panSettle = 0;
  private lastMotion = -Infinity;
  /** Smoothed interval between recent pan/zoom calls (ms). */
  private motionGap = 0;
  /** A drag moved the view within the last settle delay. */
  private panning = false;
  private densityProgram!: WebGLProgram;
  private densityU: Uniforms = {};
  private resampleProgram!: WebGLProgram;
  private resampleU: Uniforms = {};
  private densityTex!: WebGLTexture;
  /** The density grid uploaded to densityTex; undefined = to be (re)built before the next motion frame. */
  private density: DensityGrid | undefined;

  private coords: Float32Array = new Float32Array(0);
  private lang: Uint16Array = new Uint16Array(0);
  private flags: Uint8Array = new Uint8Array(0);
  private shapes: Uint8Array = new Uint8Array(0);
  private topCount = 0;
  private matchCount = 0;
  private emphasis = false;
  private edges: number[] = [];
  private palette: Rgba[] = [];
  private hidden: boolean[] = [];
  private pending = 0;
  private cssW = 1;
  private cssH = 1;
  private lost = false;

  view: View = { x: 0, y: 0, scale: 1 };
  style: ScatterStyle = { pointSize: 4, alpha: 0.85, dimAlpha: 0.2, outline: [204, 204, 204, 255] };

  constructor(
    readonly canvas: HTMLCanvasElement,
    opts: { preserveDrawingBuffer?: boolean } = {},
  ) {
    const gl = canvas.getContext('webgl2', {
      antialias: false,
      alpha: true,
      premultipliedAlpha: true,
      depth: false,
      stencil: false,
      // Lets tests and screenshots read the pixels back after the frame was presented.
      preserveDrawingBuffer: opts.preserveDrawingBuffer ?? false,
    });
    if (!gl) throw new Error('WebGL2 is not available in this webview');
    this.gl = gl;
    this.init();
    canvas.addEventListener('webglcontextlost', (e) => {
      e.preventDefault();
      this.lost = true;
    });
    canvas.addEventListener('webglcontextrestored', () => {
      this.lost = false;
      this.init();
      this.upload();
      this.requestRender();
    });
    this.resize();
  }

  private init(): void {
    const gl = this.gl;
    this.pointProgram = program(gl, POINT_VS, POINT_FS);
    // Both point programs read the one vertex array: same attribute locations.
    const locations = Object.fromEntries(['a_pos', 'a_lang', 'a_flag', 'a_shape'].map((a) => [a, gl.getAttribLocation(this.pointProgram, a)]));
    this.baseProgram = program(gl, BASE_VS, BASE_FS, locations);
    for (const u of ['u_centre', 'u_k', 'u_size', 'u_alpha', 'u_dim', 'u_palette']) this.baseU[u] = gl.getUniformLocation(this.baseProgram, u);
    this.lineProgram = program(gl, LINE_VS, LINE_FS);
    for (const u of ['u_centre', 'u_k', 'u_size', 'u_matchRing', 'u_palette', 'u_outline']) this.pointU[u] = gl.getUniformLocation(this.pointProgram, u);
    for (const u of ['u_centre', 'u_k', 'u_outline']) this.lineU[u] = gl.getUniformLocation(this.lineProgram, u);
    this.blitProgram = program(gl, BLIT_VS, BLIT_FS);
    for (const u of ['u_cache', 'u_half', 'u_centre', 'u_size']) this.blitU[u] = gl.getUniformLocation(this.blitProgram, u);
    this.densityProgram = program(gl, BLIT_VS, MOTION_DENSITY_FS);
    for (const u of ['u_density', 'u_half', 'u_view', 'u_ppu', 'u_grid', 'u_lod', 'u_pointArea', 'u_alpha']) this.densityU[u] = gl.getUniformLocation(this.densityProgram, u);
    this.resampleProgram = program(gl, BLIT_VS, MOTION_CACHE_FS);
    for (const u of ['u_cache', 'u_half', 'u_view', 'u_ppu', 'u_cacheView', 'u_cachePpu', 'u_cacheSize']) this.resampleU[u] = gl.getUniformLocation(this.resampleProgram, u);
    this.densityTex = gl.createTexture()!;
    this.density = undefined;
    this.emptyVao = gl.createVertexArray()!;
    this.cacheTex = gl.createTexture()!;
    this.cacheFbo = gl.createFramebuffer()!;
    this.cacheW = this.cacheH = 0;
    this.cacheView = undefined;
    this.posBuf = gl.createBuffer()!;
    this.langBuf = gl.createBuffer()!;
    this.flagBuf = gl.createBuffer()!;
    this.shapeBuf = gl.createBuffer()!;
    this.topBuf = gl.createBuffer()!;
    this.lineBuf = gl.createBuffer()!;
    this.paletteTex = gl.createTexture()!;

    this.vao = gl.createVertexArray()!;
    gl.bindVertexArray(this.vao);
    const attr = (p: WebGLProgram, name: string) => gl.getAttribLocation(p, name);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.posBuf);
    gl.enableVertexAttribArray(attr(this.pointProgram, 'a_pos'));
    gl.vertexAttribPointer(attr(this.pointProgram, 'a_pos'), 2, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.langBuf);
    gl.enableVertexAttribArray(attr(this.pointProgram, 'a_lang'));
    gl.vertexAttribIPointer(attr(this.pointProgram, 'a_lang'), 1, gl.UNSIGNED_SHORT, 0, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.flagBuf);
    gl.enableVertexAttribArray(attr(this.pointProgram, 'a_flag'));
    gl.vertexAttribIPointer(attr(this.pointProgram, 'a_flag'), 1, gl.UNSIGNED_BYTE, 0, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.shapeBuf);
    gl.enableVertexAttribArray(attr(this.pointProgram, 'a_shape'));
    gl.vertexAttribIPointer(attr(this.pointProgram, 'a_shape'), 1, gl.UNSIGNED_BYTE, 0, 0);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.topBuf);
    gl.bindVertexArray(null);

    this.lineVao = gl.createVertexArray()!;
    gl.bindVertexArray(this.lineVao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.lineBuf);
    gl.enableVertexAttribArray(attr(this.lineProgram, 'a_pos'));
    gl.vertexAttribPointer(attr(this.lineProgram, 'a_pos'), 2, gl.FLOAT, false, 0, 0);
    gl.bindVertexArray(null);

    gl.bindTexture(gl.TEXTURE_2D, this.paletteTex);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  }

  /**
   * Replaces the points (x,y interleaved; palette index per point, e.g. the language; shape per
   * point as SHAPE_*, e.g. discs for queries and squares for documents, all discs when absent).
   * Clears flags and edges.
   */
  setPoints(coords: Float32Array, lang: Uint16Array, shapes?: Uint8Array): void {
    this.cacheView = undefined;
    this.density = undefined;
    if (lang.length * 2 !== coords.length) throw new Error(`${coords.length / 2} positions but ${lang.length} languages`);
    if (shapes && shapes.length !== lang.length) throw new Error('one shape byte per point');
    this.coords = coords;
    this.lang = lang;
    this.flags = new Uint8Array(lang.length);
    this.shapes = shapes ?? new Uint8Array(lang.length);
    this.edges = [];
    this.upload();
    this.requestRender();
  }

  /** New palette indices per point (another colouring; hidden points on a transparent entry). Keeps flags and edges. */
  setCategories(index: Uint16Array): void {
    if (index.length !== this.lang.length) throw new Error('one palette index per point');
    this.cacheView = undefined;
    this.density = undefined;
    this.lang = index;
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.langBuf);
    gl.bufferData(gl.ARRAY_BUFFER, this.lang, gl.STATIC_DRAW);
    this.uploadPalette();
    this.requestRender();
  }

  /** One colour per language index. */
  setPalette(colours: readonly Rgba[]): void {
    this.cacheView = undefined;
    this.density = undefined;
    this.palette = [...colours];
    this.uploadPalette();
    this.requestRender();
  }

  /** `hidden[l]`: language l is not drawn. */
  setHidden(hidden: readonly boolean[]): void {
    this.cacheView = undefined;
    this.density = undefined;
    this.hidden = [...hidden];
    this.uploadPalette();
    this.requestRender();
  }

  /** Per-point FLAG_* bits; the array is kept (call again after changing it). */
  setFlags(flags: Uint8Array): void {
    this.cacheView = undefined;
    if (flags.length !== this.lang.length) throw new Error('one flag byte per point');
    this.flags = flags;
    this.uploadFlags();
    this.requestRender();
  }

  /**
   * One shape per point (SHAPE_CIRCLE, SHAPE_SQUARE, SHAPE_TRIANGLE, SHAPE_DIAMOND; other values
   * draw discs). The array is kept (call again after changing it); setPoints resets all to discs.
   */
  setShapes(shapes: Uint8Array): void {
    this.cacheView = undefined;
    if (shapes.length !== this.lang.length) throw new Error('one shape byte per point');
    this.shapes = shapes;
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.shapeBuf);
    gl.bufferData(gl.ARRAY_BUFFER, this.shapes, gl.DYNAMIC_DRAW);
    this.requestRender();
  }

  /** Line segments between points: [a0, b0, a1, b1, ...] point indices. */
  setEdges(pairs: readonly number[]): void {
    this.cacheView = undefined;
    this.edges = [...pairs];
    this.uploadEdges();
    this.requestRender();
  }

  setStyle(patch: Partial<ScatterStyle>): void {
    this.cacheView = undefined;
    this.style = { ...this.style, ...patch };
    this.requestRender();
  }

  setView(v: View): void {
    this.view = { ...v };
    this.requestRender();
  }

  /** Fits the visible points (all if none are visible) into the canvas with a margin. */
  fit(margin = 0.06): void {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    const pass = (onlyVisible: boolean) => {
      for (let i = 0; i < this.lang.length; i++) {
        if (onlyVisible && this.hidden[this.lang[i]]) continue;
        const x = this.coords[2 * i], y = this.coords[2 * i + 1];
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    };
    pass(true);
    if (minX > maxX) pass(false);
    if (minX > maxX) return this.setView({ x: 0, y: 0, scale: 1 });
    const w = Math.max(maxX - minX, 1e-6), h = Math.max(maxY - minY, 1e-6);
    const scale = Math.min((this.cssW * (1 - 2 * margin)) / w, (this.cssH * (1 - 2 * margin)) / h);
    this.setView({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, scale });
  }

  /** Moves the content by (dx, dy) CSS pixels (a drag). */
  pan(dx: number, dy: number): void {
    // Until the drag rests, frames the pan cache cannot serve are drawn in motion (see LOD_FROM).
    this.panning = true;
    clearTimeout(this.panSettle);
    this.panSettle = window.setTimeout(() => {
      this.panning = false;
      this.requestRender();
    }, this.settleDelay());
    this.setView({ x: this.view.x - dx / this.view.scale, y: this.view.y + dy / this.view.scale, scale: this.view.scale });
  }

  /** Zooms by `factor` keeping the data point under (cssX, cssY) in place. */
  zoomAt(cssX: number, cssY: number, factor: number): void {
    const [x, y] = this.screenToData(cssX, cssY);
    const scale = Math.min(1e7, Math.max(1e-7, this.view.scale * factor));
    // Until the wheel rests, frames draw every point into the canvas, not into the larger cache.
    this.zooming = true;
    clearTimeout(this.zoomSettle);
    this.zoomSettle = window.setTimeout(() => {
      this.zooming = false;
      this.requestRender();
    }, this.settleDelay());
    this.setView({ x: x - (cssX - this.cssW / 2) / scale, y: y + (cssY - this.cssH / 2) / scale, scale });
  }

  /**
   * How long the view must stay still before the motion counts as over: ZOOM_SETTLE_MS, or twice
   * the recent gap between motion events when frames come slower than that (a slow machine must
   * not take every gap between two of its frames for the end of a drag), at most 1 s.
   */
  private settleDelay(): number {
    const now = performance.now();
    const gap = now - this.lastMotion;
    this.lastMotion = now;
    // Only gaps inside one motion count (a new gesture after a pause starts from the default).
    this.motionGap = gap < 1000 ? 0.5 * this.motionGap + 0.5 * gap : 0;
    return Math.min(1000, Math.max(ZOOM_SETTLE_MS, 2 * this.motionGap));
  }

  /** Canvas CSS pixel → data coordinates (data y points up, screen y down). */
  screenToData(cssX: number, cssY: number): [number, number] {
    return [this.view.x + (cssX - this.cssW / 2) / this.view.scale, this.view.y - (cssY - this.cssH / 2) / this.view.scale];
  }

  dataToScreen(x: number, y: number): [number, number] {
    return [(x - this.view.x) * this.view.scale + this.cssW / 2, -(y - this.view.y) * this.view.scale + this.cssH / 2];
  }

  /** Matches the drawing buffer to the canvas's CSS size × devicePixelRatio. */
  resize(): void {
    const dpr = window.devicePixelRatio || 1;
    this.cssW = Math.max(1, this.canvas.clientWidth);
    this.cssH = Math.max(1, this.canvas.clientHeight);
    const w = Math.round(this.cssW * dpr), h = Math.round(this.cssH * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.cacheView = undefined;
    }
    this.requestRender();
  }

  /** Points drawn as discs and as squares (tests read it). */
  get glyphCounts(): { discs: number; squares: number } {
    let discs = 0;
    let squares = 0;
    for (let i = 0; i < this.shapes.length; i++) {
      if (this.shapes[i] === SHAPE_SQUARE) squares++;
      else if (this.shapes[i] === SHAPE_CIRCLE) discs++;
    }
    return { discs, squares };
  }

  /** Translation edges currently drawn. */
  get edgeCount(): number {
    return this.edges.length / 2;
  }

  get size(): { width: number; height: number } {
    return { width: this.cssW, height: this.cssH };
  }

  /** Draws on the next animation frame (several requests in one frame draw once). */
  requestRender(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.renderNow();
    });
  }

  renderNow(): void {
    if (this.lost) return;
    const gl = this.gl;
    const W = this.canvas.width, H = this.canvas.height;
    let win = this.cacheWindow(W, H);
    if (!win && (this.zooming || this.panning) && this.lang.length >= LOD_FROM) {
      this.drawMotion(W, H);
      this.motionFrames++;
      this.frames++;
      this.onRender?.();
      return;
    }
    if (!win && this.zooming) {
      this.drawPoints(null, W, H);
      this.fullRenders++;
      this.frames++;
      this.onRender?.();
      return;
    }
    if (!win) {
      this.drawCache(W, H);
      win = this.cacheWindow(W, H)!;
      this.fullRenders++;
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, W, H);
    gl.disable(gl.BLEND);
    gl.useProgram(this.blitProgram);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.cacheTex);
    gl.uniform1i(this.blitU.u_cache, 0);
    gl.uniform2f(this.blitU.u_half, W / 2, H / 2);
    gl.uniform2f(this.blitU.u_centre, win.centre[0], win.centre[1]);
    gl.uniform2f(this.blitU.u_size, this.cacheW, this.cacheH);
    gl.bindVertexArray(this.emptyVao);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    gl.bindVertexArray(null);
    this.frames++;
    this.onRender?.();
  }

  /**
   * The part of the cache that shows the current view: the cache pixel under the canvas centre.
   * Undefined when the cache cannot serve the view: stale, another zoom, or the canvas would
   * reach past its margin.
   */
  private cacheWindow(W: number, H: number): { centre: [number, number] } | undefined {
    const c = this.cacheView;
    if (!c || this.cacheW < W || this.cacheH < H || c.scale !== this.view.scale) return undefined;
    const ppu = c.scale * (W / this.cssW); // cache pixels per data unit
    const dx = (this.view.x - c.x) * ppu, dy = (this.view.y - c.y) * ppu;
    // Whole cache pixels, so a panned frame is an exact copy of the points.
    const ox = Math.round(dx + (this.cacheW - W) / 2), oy = Math.round(dy + (this.cacheH - H) / 2);
    if (ox < 0 || oy < 0 || ox > this.cacheW - W || oy > this.cacheH - H) return undefined;
    return { centre: [ox + W / 2, oy + H / 2] };
  }

  /**
   * A frame in motion (many points): the pan cache resampled at the current view where it covers
   * the canvas, the density grid elsewhere (see MOTION_DENSITY_FS, MOTION_CACHE_FS). No per-point work.
   */
  private drawMotion(W: number, H: number): void {
    const gl = this.gl;
    const dpr = W / this.cssW;
    const ppu = this.view.scale * dpr;
    // The cache serves the pixels it covers unless it would be shrunk much (a minified image of
    // discs loses most of them; the density keeps their coverage), or is stale.
    const c = this.cacheView && this.view.scale >= MIN_CACHE_RESAMPLE * this.cacheView.scale ? this.cacheView : undefined;
    // Whole canvas pixels inside the cache's rectangle (GL y up).
    let x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    if (c) {
      const halfW = this.cacheW / (2 * c.scale * dpr), halfH = this.cacheH / (2 * c.scale * dpr);
      x0 = Math.max(0, Math.ceil((c.x - halfW - this.view.x) * ppu + W / 2));
      x1 = Math.min(W, Math.floor((c.x + halfW - this.view.x) * ppu + W / 2));
      y0 = Math.max(0, Math.ceil((c.y - halfH - this.view.y) * ppu + H / 2));
      y1 = Math.min(H, Math.floor((c.y + halfH - this.view.y) * ppu + H / 2));
    }
    const cacheCovers = x0 === 0 && y0 === 0 && x1 === W && y1 === H;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, W, H);
    gl.disable(gl.BLEND);
    gl.bindVertexArray(this.emptyVao);
    if (!cacheCovers) {
      if (!this.density) this.uploadDensity();
      const g = this.density!;
      gl.useProgram(this.densityProgram);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, this.densityTex);
      gl.uniform1i(this.densityU.u_density, 0);
      gl.uniform2f(this.densityU.u_half, W / 2, H / 2);
      gl.uniform2f(this.densityU.u_view, this.view.x, this.view.y);
      gl.uniform1f(this.densityU.u_ppu, ppu);
      gl.uniform4f(this.densityU.u_grid, g.x0, g.y0, g.cell, g.size);
      // The pyramid level whose cells are about one device pixel (level k: 2^k finest cells).
      gl.uniform1f(this.densityU.u_lod, Math.min(Math.log2(g.size), Math.max(0, Math.log2(1 / (g.cell * ppu)))));
      const d = this.style.pointSize * dpr;
      gl.uniform1f(this.densityU.u_pointArea, (Math.PI / 4) * d * d);
      gl.uniform1f(this.densityU.u_alpha, Math.min(0.999, this.style.alpha * (this.emphasis ? this.style.dimAlpha : 1)));
      gl.drawArrays(gl.TRIANGLES, 0, 3);
    }
    if (c && x1 > x0 && y1 > y0) {
      gl.enable(gl.SCISSOR_TEST);
      gl.scissor(x0, y0, x1 - x0, y1 - y0);
      gl.useProgram(this.resampleProgram);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, this.cacheTex);
      gl.uniform1i(this.resampleU.u_cache, 0);
      gl.uniform2f(this.resampleU.u_half, W / 2, H / 2);
      gl.uniform2f(this.resampleU.u_view, this.view.x, this.view.y);
      gl.uniform1f(this.resampleU.u_ppu, ppu);
      gl.uniform2f(this.resampleU.u_cacheView, c.x, c.y);
      gl.uniform1f(this.resampleU.u_cachePpu, c.scale * dpr);
      gl.uniform2f(this.resampleU.u_cacheSize, this.cacheW, this.cacheH);
      gl.drawArrays(gl.TRIANGLES, 0, 3);
      gl.disable(gl.SCISSOR_TEST);
    }
    gl.bindVertexArray(null);
  }

  /** Bins the points into the density grid and uploads its levels (half floats, mipmapped). */
  private uploadDensity(): void {
    const gl = this.gl;
    const g = buildDensityGrid(this.coords, this.lang, this.palette, this.hidden);
    gl.bindTexture(gl.TEXTURE_2D, this.densityTex);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    g.levels.forEach((data, level) => {
      const side = g.size >> level;
      gl.texImage2D(gl.TEXTURE_2D, level, gl.RGBA16F, side, side, 0, gl.RGBA, gl.FLOAT, data);
    });
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR_MIPMAP_NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    this.density = g;
  }

  /** Draws every point (and edges, and the emphasised points on top) into the pan cache. */
  private drawCache(W: number, H: number): void {
    const gl = this.gl;
    // A margin of up to half the canvas on each side, within the pixel budget and texture limit.
    const maxTex = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
    const f = Math.max(0, Math.min(0.5, (Math.sqrt(MAX_CACHE_PIXELS / (W * H)) - 1) / 2));
    // Even margins, so the window at rest sits on whole cache pixels.
    const cw = W + 2 * Math.floor(Math.min(maxTex - W, 2 * Math.round(W * f)) / 2);
    const ch = H + 2 * Math.floor(Math.min(maxTex - H, 2 * Math.round(H * f)) / 2);
    if (cw !== this.cacheW || ch !== this.cacheH) {
      gl.bindTexture(gl.TEXTURE_2D, this.cacheTex);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, cw, ch, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
      // Nearest: one tap per pixel (software GL), also when frames in motion resample it.
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      gl.bindFramebuffer(gl.FRAMEBUFFER, this.cacheFbo);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, this.cacheTex, 0);
      this.cacheW = cw;
      this.cacheH = ch;
    }
    this.drawPoints(this.cacheFbo, cw, ch);
    this.cacheView = { ...this.view };
  }

  /**
   * Clears `target` (null: the canvas) and draws every point, the edges and the emphasised points
   * on top, centred on the view: one draw call over the GPU-resident buffers, the view a uniform.
   */
  private drawPoints(target: WebGLFramebuffer | null, w: number, h: number): void {
    const gl = this.gl;
    gl.bindFramebuffer(gl.FRAMEBUFFER, target);
    gl.viewport(0, 0, w, h);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    const dpr = this.canvas.width / this.cssW;
    const k = [(2 * this.view.scale * dpr) / w, (2 * this.view.scale * dpr) / h];
    const outline = this.style.outline.map((c) => c / 255);
    const n = this.lang.length;

    if (n > 0) {
      gl.useProgram(this.baseProgram);
      gl.uniform2f(this.baseU.u_centre, this.view.x, this.view.y);
      gl.uniform2f(this.baseU.u_k, k[0], k[1]);
      gl.uniform1f(this.baseU.u_size, this.style.pointSize * dpr);
      gl.uniform1f(this.baseU.u_alpha, this.style.alpha);
      gl.uniform1f(this.baseU.u_dim, this.emphasis ? this.style.dimAlpha : 1);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, this.paletteTex);
      gl.uniform1i(this.baseU.u_palette, 0);
      gl.bindVertexArray(this.vao);
      gl.drawArrays(gl.POINTS, 0, n);
      gl.bindVertexArray(null);
    }
    if (this.edges.length > 0) {
      gl.useProgram(this.lineProgram);
      gl.uniform2f(this.lineU.u_centre, this.view.x, this.view.y);
      gl.uniform2f(this.lineU.u_k, k[0], k[1]);
      gl.uniform4f(this.lineU.u_outline, outline[0], outline[1], outline[2], outline[3]);
      gl.bindVertexArray(this.lineVao);
      gl.drawArrays(gl.LINES, 0, this.edges.length);
      gl.bindVertexArray(null);
    }
    if (this.topCount > 0) {
      gl.useProgram(this.pointProgram);
      gl.uniform2f(this.pointU.u_centre, this.view.x, this.view.y);
      gl.uniform2f(this.pointU.u_k, k[0], k[1]);
      gl.uniform1f(this.pointU.u_size, this.style.pointSize * dpr);
      gl.uniform4f(this.pointU.u_outline, outline[0], outline[1], outline[2], outline[3]);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, this.paletteTex);
      gl.uniform1i(this.pointU.u_palette, 0);
      gl.uniform1i(this.pointU.u_matchRing, this.matchCount <= MAX_RINGED_MATCHES ? 1 : 0);
      gl.bindVertexArray(this.vao);
      gl.drawElements(gl.POINTS, this.topCount, gl.UNSIGNED_INT, 0);
      gl.bindVertexArray(null);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  }

  dispose(): void {
    if (this.pending) cancelAnimationFrame(this.pending);
    clearTimeout(this.zoomSettle);
    clearTimeout(this.panSettle);
    this.gl.getExtension('WEBGL_lose_context')?.loseContext();
  }

  private upload(): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.posBuf);
    gl.bufferData(gl.ARRAY_BUFFER, this.coords, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.langBuf);
    gl.bufferData(gl.ARRAY_BUFFER, this.lang, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.shapeBuf);
    gl.bufferData(gl.ARRAY_BUFFER, this.shapes, gl.DYNAMIC_DRAW);
    this.uploadFlags();
    this.uploadEdges();
    this.uploadPalette();
  }

  private uploadFlags(): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.flagBuf);
    gl.bufferData(gl.ARRAY_BUFFER, this.flags, gl.DYNAMIC_DRAW);
    // Emphasised points are drawn again on top: search matches first, then the selection, the
    // clicked point's translations and the clicked point last (so it is never covered).
    const rank = (f: number) => (f & FLAG_FOCUS ? 3 : f & FLAG_RELATED ? 2 : f & FLAG_SELECTED ? 1 : 0);
    const buckets: number[][] = [[], [], [], []];
    let emphasis = false;
    this.matchCount = 0;
    for (let i = 0; i < this.flags.length; i++) {
      const f = this.flags[i];
      if (!f) continue;
      if (f & FLAG_MATCH) this.matchCount++;
      if (f & (FLAG_MATCH | FLAG_SELECTED)) emphasis = true;
      buckets[rank(f)].push(i);
    }
    const top = Uint32Array.from(buckets.flat());
    this.topCount = top.length;
    this.emphasis = emphasis;
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.topBuf);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, top, gl.DYNAMIC_DRAW);
    gl.bindVertexArray(null);
  }

  private uploadEdges(): void {
    const gl = this.gl;
    const xy = new Float32Array(this.edges.length * 2);
    this.edges.forEach((p, k) => {
      xy[2 * k] = this.coords[2 * p];
      xy[2 * k + 1] = this.coords[2 * p + 1];
    });
    gl.bindBuffer(gl.ARRAY_BUFFER, this.lineBuf);
    gl.bufferData(gl.ARRAY_BUFFER, xy, gl.DYNAMIC_DRAW);
  }

  private uploadPalette(): void {
    const gl = this.gl;
    let langs = this.palette.length;
    for (let i = 0; i < this.lang.length; i++) langs = Math.max(langs, this.lang[i] + 1);
    langs = Math.max(1, langs);
    const texels = new Uint8Array(4 * langs);
    for (let l = 0; l < langs; l++) {
      const c = this.palette.length ? this.palette[l % this.palette.length] : ([128, 128, 128, 255] as const);
      texels.set([c[0], c[1], c[2], this.hidden[l] ? 0 : 255], 4 * l);
    }
    gl.bindTexture(gl.TEXTURE_2D, this.paletteTex);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, langs, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, texels);
  }
}
