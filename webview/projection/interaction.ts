import type { ScatterGl } from './scatterGl';

export type Mode = 'pan' | 'box' | 'lasso';

/** A selection shape in data space: a box (two corners) or a lasso polygon, x,y interleaved. */
export interface Shape {
  kind: 'box' | 'lasso';
  points: number[];
}

export interface InteractionHandlers {
  mode(): Mode;
  hover(cssX: number, cssY: number, clientX: number, clientY: number): void;
  leave(): void;
  click(cssX: number, cssY: number): void;
  select(shape: Shape): void;
  /** The view moved (pan, zoom, reset): persist it. */
  viewChanged(): void;
  escape(): void;
}

/** Pointer travel (CSS px) below which a press counts as a click, not a drag. */
const CLICK_SLOP = 4;

/**
 * Mouse, wheel and keyboard on the plot. Drag pans (Shift+drag or Box mode draws a box, Lasso
 * mode a free shape); the wheel zooms at the pointer; arrows pan, +/− zoom, 0 resets the view.
 * The 2-D overlay canvas on top of the WebGL one receives the events and draws the shapes.
 */
export class PlotInteraction {
  private committed: Shape | undefined;
  private drawing: Shape | undefined;
  private readonly ctx: CanvasRenderingContext2D;
  private colour = '';

  constructor(
    private readonly overlay: HTMLCanvasElement,
    private readonly scatter: ScatterGl,
    private readonly h: InteractionHandlers,
  ) {
    this.ctx = overlay.getContext('2d')!;
    this.colour = getComputedStyle(document.body).getPropertyValue('--vscode-focusBorder').trim() || getComputedStyle(document.body).color;
    overlay.addEventListener('pointerdown', (e) => this.down(e));
    overlay.addEventListener('pointermove', (e) => {
      if (!this.dragging) this.h.hover(e.offsetX, e.offsetY, e.clientX, e.clientY);
    });
    overlay.addEventListener('pointerleave', () => this.h.leave());
    overlay.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    overlay.addEventListener('keydown', (e) => this.key(e));
  }

  private dragging = false;

  /** The current selection's outline, drawn until the selection changes. */
  setCommitted(shape: Shape | undefined): void {
    this.committed = shape;
    this.redraw();
  }

  /** A ring around the hovered point (data coordinates), drawn here so hovering never redraws the points. */
  setMarker(marker: { x: number; y: number; radius: number } | undefined): void {
    this.marker = marker;
    this.redraw();
  }

  private marker: { x: number; y: number; radius: number } | undefined;

  /** Sizes the overlay to the WebGL canvas and repaints the shapes (call after each frame). */
  redraw(): void {
    const { width, height } = this.scatter.size;
    const dpr = window.devicePixelRatio || 1;
    if (this.overlay.width !== Math.round(width * dpr) || this.overlay.height !== Math.round(height * dpr)) {
      this.overlay.width = Math.round(width * dpr);
      this.overlay.height = Math.round(height * dpr);
    }
    const ctx = this.ctx;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    for (const [shape, dashed] of [[this.committed, true], [this.drawing, false]] as const) {
      if (!shape) continue;
      const pts = shape.kind === 'box' ? boxCorners(shape.points) : shape.points;
      ctx.beginPath();
      for (let k = 0; k < pts.length; k += 2) {
        const [x, y] = this.scatter.dataToScreen(pts[k], pts[k + 1]);
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.closePath();
      ctx.setLineDash(dashed ? [5, 4] : []);
      ctx.strokeStyle = this.colour;
      ctx.lineWidth = 1.5;
      ctx.stroke();
      ctx.globalAlpha = 0.08;
      ctx.fillStyle = this.colour;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    if (this.marker) {
      const [x, y] = this.scatter.dataToScreen(this.marker.x, this.marker.y);
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.arc(x, y, this.marker.radius, 0, 2 * Math.PI);
      ctx.strokeStyle = this.colour;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.overlay.focus({ preventScroll: true });
    this.overlay.setPointerCapture(e.pointerId);
    const mode = e.shiftKey ? 'box' : this.h.mode();
    const start = { x: e.offsetX, y: e.offsetY };
    let last = start;
    let moved = 0;
    this.dragging = true;
    this.h.leave();
    const [sx, sy] = this.scatter.screenToData(start.x, start.y);
    if (mode !== 'pan') this.drawing = { kind: mode, points: mode === 'box' ? [sx, sy, sx, sy] : [sx, sy] };

    const move = (m: PointerEvent) => {
      moved = Math.max(moved, Math.hypot(m.offsetX - start.x, m.offsetY - start.y));
      if (mode === 'pan') this.scatter.pan(m.offsetX - last.x, m.offsetY - last.y);
      else if (this.drawing) {
        const [x, y] = this.scatter.screenToData(m.offsetX, m.offsetY);
        if (mode === 'box') this.drawing.points.splice(2, 2, x, y);
        // Lasso: keep a vertex every couple of pixels, enough for a smooth outline.
        else if (Math.hypot(m.offsetX - last.x, m.offsetY - last.y) >= 2) this.drawing.points.push(x, y);
        else return;
        this.redraw();
      }
      last = { x: m.offsetX, y: m.offsetY };
    };
    const up = (u: PointerEvent) => {
      this.overlay.removeEventListener('pointermove', move);
      this.overlay.removeEventListener('pointerup', up);
      this.overlay.removeEventListener('pointercancel', up);
      this.dragging = false;
      const shape = this.drawing;
      this.drawing = undefined;
      if (moved < CLICK_SLOP) {
        this.redraw();
        this.h.click(u.offsetX, u.offsetY);
      } else if (mode === 'pan') this.h.viewChanged();
      else if (shape && (shape.kind === 'box' || shape.points.length >= 6)) this.h.select(shape);
      else this.redraw();
    };
    this.overlay.addEventListener('pointermove', move);
    this.overlay.addEventListener('pointerup', up);
    this.overlay.addEventListener('pointercancel', up);
  }

  private wheelTimer = 0;

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    // Pixel, line or page deltas: normalise roughly to pixels.
    const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
    this.scatter.zoomAt(e.offsetX, e.offsetY, Math.exp(-dy * 0.0015));
    clearTimeout(this.wheelTimer);
    this.wheelTimer = window.setTimeout(() => this.h.viewChanged(), 250);
  }

  private key(e: KeyboardEvent): void {
    const { width, height } = this.scatter.size;
    const step = 40;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => this.scatter.pan(step, 0),
      ArrowRight: () => this.scatter.pan(-step, 0),
      ArrowUp: () => this.scatter.pan(0, step),
      ArrowDown: () => this.scatter.pan(0, -step),
      '+': () => this.scatter.zoomAt(width / 2, height / 2, 1.25),
      '=': () => this.scatter.zoomAt(width / 2, height / 2, 1.25),
      '-': () => this.scatter.zoomAt(width / 2, height / 2, 0.8),
      '0': () => this.scatter.fit(),
    };
    if (e.key === 'Escape') {
      this.h.escape();
      return;
    }
    const act = actions[e.key];
    if (!act) return;
    e.preventDefault();
    act();
    this.h.viewChanged();
  }
}

function boxCorners(p: number[]): number[] {
  const [x0, y0, x1, y1] = p;
  return [x0, y0, x1, y0, x1, y1, x0, y1];
}
