import type { BitextCell, BitextFigures, LanguageDisplay } from '../../src/protocol';
import { el } from '../common/dom';
import { cssOf, mix, readableOn, resolveColour } from './colours';
import type { HeatRow } from './order';

/** A heatmap column: a target language (full matrix) or a direction to/from the pivot. */
interface Column {
  label: string;
  title: string;
  cell: (row: LanguageDisplay) => BitextCell | undefined;
}

export interface HeatmapOptions {
  figures: BitextFigures;
  rows: HeatRow[];
  /** Visible languages (for the full matrix's columns). */
  languages: LanguageDisplay[];
  selectedPair?: string;
  onSelect: (cell: BitextCell) => void;
}

const ROW_H = 18;
const LABEL_W = 250;

/**
 * Accuracy heatmap on one canvas (no DOM cell per pair, so 204 × 204 stays light). Rows are
 * source languages; columns are target languages (full matrix) or `L → pivot` / `pivot → L`
 * (pivot-centred runs). A cell's colour is the theme's chart blue over the editor background in
 * proportion to the accuracy (0–1); the value is printed in the cell when it fits and shown on
 * hover and keyboard focus (arrow keys), and the data table below lists every value.
 */
export function heatmapCanvas(o: HeatmapOptions): HTMLElement {
  const f = o.figures;
  const byKey = new Map(f.cells.map((c) => [`${c.source}\u0000${c.target}`, c]));
  const name = new Map(f.languages.map((l) => [l.code, l]));
  const pivot = name.get(f.pivot);
  const pivotLabel = pivot?.label ?? f.pivot;
  const rows = f.matrix === 'pivot' ? o.rows.filter((r) => r.kind === 'group' || r.lang.code !== f.pivot) : o.rows;
  const columns: Column[] =
    f.matrix === 'pivot'
      ? [
          { label: `→ ${pivotLabel}`, title: `searched among ${pivot?.display ?? f.pivot}`, cell: (l) => byKey.get(`${l.code}\u0000${f.pivot}`) },
          { label: `${pivotLabel} →`, title: `${pivot?.display ?? f.pivot} searched among the row language`, cell: (l) => byKey.get(`${f.pivot}\u0000${l.code}`) },
        ]
      : o.languages.map((m) => ({ label: m.label, title: m.display, cell: (l: LanguageDisplay) => byKey.get(`${l.code}\u0000${m.code}`) }));

  const cellW = f.matrix === 'pivot' ? 90 : Math.max(18, Math.min(52, Math.floor(900 / Math.max(1, columns.length))));
  const headH = f.matrix === 'pivot' ? 24 : Math.min(120, 16 + 6.5 * Math.max(...columns.map((c) => c.label.length), 2));
  // Rotated column labels lean right: room for the last one.
  const width = LABEL_W + columns.length * cellW + 2 + (f.matrix === 'pivot' ? 0 : Math.round(headH * 0.55));
  const height = headH + rows.length * ROW_H + 2;

  const fg = resolveColour('var(--vscode-editor-foreground)', { r: 204, g: 204, b: 204 });
  const bg = resolveColour('var(--vscode-editor-background)', { r: 30, g: 30, b: 30 });
  const ink = resolveColour('var(--vscode-charts-blue)', { r: 55, g: 148, b: 255 });
  const muted = resolveColour('var(--vscode-descriptionForeground)', fg);
  const border = resolveColour('var(--vscode-panel-border)', muted);
  const focusRing = resolveColour('var(--vscode-focusBorder)', ink);
  const font = getComputedStyle(document.body).fontFamily || 'sans-serif';

  const canvas = el('canvas', {
    className: 'bx-heatmap',
    attrs: {
      tabindex: '0',
      role: 'img',
      'aria-label': `Bitext accuracy heatmap, ${rows.filter((r) => r.kind === 'lang').length} rows × ${columns.length} columns; arrow keys move between cells, Enter shows the pair's worst misses; every value is in the data table below.`,
      'data-rows': String(rows.filter((r) => r.kind === 'lang').length),
      'data-columns': String(columns.length),
    },
  });
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.ceil(width * dpr);
  canvas.height = Math.ceil(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const tip = el('div', { className: 'tooltip bx-tip', attrs: { role: 'tooltip' } });
  tip.hidden = true;
  const live = el('div', { className: 'bx-live visually-hidden', attrs: { 'aria-live': 'polite' } });
  let focus: { r: number; c: number } | undefined;

  const fit = (ctx: CanvasRenderingContext2D, s: string, w: number) => {
    if (ctx.measureText(s).width <= w) return s;
    let t = s;
    while (t.length > 1 && ctx.measureText(`${t}…`).width > w) t = t.slice(0, -1);
    return `${t}…`;
  };

  const draw = () => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = `12px ${font}`;
    ctx.textBaseline = 'middle';
    // Axis names in the corner, then the column headers (rotated in the full matrix).
    ctx.fillStyle = cssOf(muted);
    ctx.textAlign = 'left';
    ctx.fillText(f.matrix === 'pivot' ? 'language' : 'source ↓  target →', 4, headH - 9);
    ctx.fillStyle = cssOf(fg);
    columns.forEach((c, j) => {
      const x = LABEL_W + j * cellW + cellW / 2;
      if (f.matrix === 'pivot') {
        ctx.textAlign = 'center';
        ctx.fillText(fit(ctx, c.label, cellW - 4), x, headH / 2);
      } else {
        ctx.save();
        ctx.translate(x, headH - 4);
        ctx.rotate(-Math.PI / 3);
        ctx.textAlign = 'left';
        ctx.fillText(fit(ctx, c.label, headH * 1.1), 0, 0);
        ctx.restore();
      }
    });
    rows.forEach((row, i) => {
      const y = headH + i * ROW_H;
      if (row.kind === 'group') {
        ctx.fillStyle = cssOf(muted);
        ctx.textAlign = 'left';
        ctx.font = `600 12px ${font}`;
        ctx.fillText(fit(ctx, `${row.label} · ${row.count}`, width - 8), 4, y + ROW_H / 2);
        ctx.font = `12px ${font}`;
        ctx.fillStyle = cssOf(border);
        ctx.fillRect(0, y + ROW_H - 1, width, 1);
        return;
      }
      ctx.fillStyle = cssOf(fg);
      ctx.textAlign = 'left';
      ctx.fillText(fit(ctx, row.lang.display, LABEL_W - 8), 4, y + ROW_H / 2);
      columns.forEach((col, j) => {
        const x = LABEL_W + j * cellW;
        const cell = col.cell(row.lang);
        if (!cell || !Number.isFinite(cell.accuracy)) {
          ctx.fillStyle = cssOf(border);
          ctx.fillRect(x + cellW / 2 - 3, y + ROW_H / 2, 6, 1); // no pair: a dash
          return;
        }
        const c = mix(ink, bg, cell.accuracy);
        ctx.fillStyle = cssOf(c);
        ctx.fillRect(x + 1, y + 1, cellW - 2, ROW_H - 2);
        if (cell.pair === o.selectedPair) {
          ctx.strokeStyle = cssOf(fg);
          ctx.lineWidth = 1;
          ctx.strokeRect(x + 1.5, y + 1.5, cellW - 3, ROW_H - 3);
        }
        if (cellW >= 26) {
          ctx.fillStyle = cssOf(readableOn(c, fg, bg));
          ctx.textAlign = 'center';
          ctx.fillText(cellW >= 40 ? cell.accuracy.toFixed(3) : String(Math.round(cell.accuracy * 100)), x + cellW / 2, y + ROW_H / 2);
        }
      });
    });
    if (focus) {
      ctx.strokeStyle = cssOf(focusRing);
      ctx.lineWidth = 2;
      ctx.strokeRect(LABEL_W + focus.c * cellW + 1, headH + focus.r * ROW_H + 1, cellW - 2, ROW_H - 2);
    }
  };

  const describe = (r: number, c: number): string | undefined => {
    const row = rows[r];
    if (!row || row.kind !== 'lang' || !columns[c]) return undefined;
    const cell = columns[c].cell(row.lang);
    if (!cell) return `${row.lang.display} · ${columns[c].title}: not mined`;
    const src = name.get(cell.source)?.display ?? cell.source;
    const tgt = name.get(cell.target)?.display ?? cell.target;
    const margin = cell.margin !== undefined ? `, with margin ${cell.margin.toFixed(3)}` : '';
    return `${src} → ${tgt}: accuracy ${Number.isFinite(cell.accuracy) ? cell.accuracy.toFixed(3) : '–'}${margin} (${cell.sentences} sentences)`;
  };
  const at = (ev: MouseEvent) => {
    const c = Math.floor((ev.offsetX - LABEL_W) / cellW);
    const r = Math.floor((ev.offsetY - headH) / ROW_H);
    return c >= 0 && c < columns.length && r >= 0 && r < rows.length ? { r, c } : undefined;
  };
  canvas.addEventListener('mousemove', (ev) => {
    const p = at(ev);
    const text = p && describe(p.r, p.c);
    tip.hidden = !text;
    if (!text) return;
    tip.textContent = text;
    tip.style.left = `${ev.clientX + 14}px`;
    tip.style.top = `${ev.clientY + 14}px`;
  });
  canvas.addEventListener('mouseleave', () => (tip.hidden = true));
  const select = (p: { r: number; c: number }) => {
    const row = rows[p.r];
    const cell = row?.kind === 'lang' ? columns[p.c]?.cell(row.lang) : undefined;
    if (cell) o.onSelect(cell);
  };
  canvas.addEventListener('click', (ev) => {
    const p = at(ev);
    if (p) select(p);
  });
  canvas.addEventListener('focus', () => {
    focus ??= { r: rows.findIndex((r) => r.kind === 'lang'), c: 0 };
    live.textContent = describe(focus.r, focus.c) ?? '';
    draw();
  });
  canvas.addEventListener('keydown', (ev) => {
    if (!focus) return;
    const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      select(focus);
      return;
    }
    const d = step[ev.key];
    if (!d) return;
    ev.preventDefault();
    let r = focus.r + d[0];
    while (rows[r]?.kind === 'group') r += d[0]; // skip group headers
    if (r >= 0 && r < rows.length) focus.r = r;
    focus.c = Math.min(columns.length - 1, Math.max(0, focus.c + d[1]));
    live.textContent = describe(focus.r, focus.c) ?? '';
    draw();
  });
  draw();

  const legend = el('div', { className: 'bx-legend muted', attrs: { 'aria-hidden': 'true' } }, [
    '0',
    el('span', { className: 'bx-gradient', attrs: { style: `background: linear-gradient(to right, ${cssOf(mix(ink, bg, 0))}, ${cssOf(mix(ink, bg, 1))})` } }),
    '1 accuracy (top-1); – not mined',
  ]);
  return el('div', { className: 'bx-heatmap-block' }, [legend, el('div', { className: 'bx-heatmap-scroll' }, [canvas]), tip, live]);
}
