/**
 * Theme colours for drawings that cannot take `var(--vscode-*)` (SVG presentation attributes,
 * canvas, WebGL): read the resolved value, and redraw when VS Code switches the theme.
 */

/** The value of a theme variable (`--vscode-charts-blue`), or of `fallback` when the theme lacks it. */
export function themeColour(name: string, fallback = '--vscode-foreground'): string {
  const style = getComputedStyle(document.body);
  return style.getPropertyValue(name).trim() || style.getPropertyValue(fallback).trim();
}

/** True in both High Contrast themes (VS Code marks the body `vscode-high-contrast`). */
export function highContrast(): boolean {
  return document.body.classList.contains('vscode-high-contrast');
}

/**
 * Calls `redraw` after every theme switch: VS Code swaps the body's class
 * (vscode-light / vscode-dark / vscode-high-contrast[-light]) and its --vscode-* variables together.
 */
export function onThemeChange(redraw: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    redraw();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
