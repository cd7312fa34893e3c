import { languageColour } from '../common/dom';
import type { Rgba } from './scatterGl';

/**
 * Theme colours as RGBA bytes for WebGL. Any CSS colour the theme defines (hex, rgb(), named)
 * is resolved by letting a 1×1 canvas paint it.
 */
let probe: CanvasRenderingContext2D | null = null;

export function cssColourToRgba(css: string, fallback: Rgba = [128, 128, 128, 255]): Rgba {
  probe ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!probe || !css) return fallback;
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = '#000';
  probe.fillStyle = css;
  probe.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
  // Colours painted with alpha come back premultiplied; undo it.
  return a === 0 ? fallback : [Math.round((r * 255) / a), Math.round((g * 255) / a), Math.round((b * 255) / a), 255];
}

/** A `--vscode-*` variable's colour (name without the prefix), e.g. themeColour('foreground'). */
export function themeColour(name: string): string {
  return getComputedStyle(document.body).getPropertyValue(`--vscode-${name}`).trim();
}

export function languagePalette(count: number): { css: string[]; rgba: Rgba[] } {
  const css = Array.from({ length: count }, (_, i) => languageColour(i));
  return { css, rgba: css.map((c) => cssColourToRgba(c)) };
}

/** A CSS colour that may be a `var(--vscode-…)` reference, resolved against the current theme. */
export function resolveCss(css: string): string {
  const m = /^var\(--vscode-([\w-]+)\)$/.exec(css.trim());
  return m ? themeColour(m[1]) || themeColour('foreground') : css;
}
