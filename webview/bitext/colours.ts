/** Resolved theme colours for canvas drawing (a canvas cannot read CSS variables). */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** The computed colour of a CSS expression (e.g. `var(--vscode-charts-blue)`), as RGB. */
export function resolveColour(css: string, fallback: Rgb): Rgb {
  const probe = document.createElement('span');
  probe.style.color = css;
  probe.style.display = 'none';
  document.body.append(probe);
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(probe).color);
  probe.remove();
  return m ? { r: +m[1], g: +m[2], b: +m[3] } : fallback;
}

export const cssOf = (c: Rgb): string => `rgb(${c.r}, ${c.g}, ${c.b})`;

/** `share` ∈ [0, 1] of `ink` over `paper`, from 6 % (the lowest value stays distinct from an empty cell) to 75 %. */
export function mix(ink: Rgb, paper: Rgb, share: number): Rgb {
  const t = 0.06 + 0.69 * Math.min(1, Math.max(0, share));
  const ch = (a: number, b: number) => Math.round(b + (a - b) * t);
  return { r: ch(ink.r, paper.r), g: ch(ink.g, paper.g), b: ch(ink.b, paper.b) };
}

function luminance(c: Rgb): number {
  return (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255;
}

/** Of two inks, the one that contrasts more with `bg` (numbers stay readable on any cell, any theme). */
export function readableOn(bg: Rgb, a: Rgb, b: Rgb): Rgb {
  return Math.abs(luminance(a) - luminance(bg)) >= Math.abs(luminance(b) - luminance(bg)) ? a : b;
}
