/** Number formats of the Compare panel (the engine's Markdown/CSV exports use the same rules). */

const MINUS = '−';

export function value(metric: string, v: number): string {
  if (!Number.isFinite(v)) return '–';
  return (metric.startsWith('Max@R') ? v.toFixed(1) : v.toFixed(3)).replace('-', MINUS);
}

/** A signed difference: +0.012, −3.5, 0.000. */
export function delta(metric: string, v: number): string {
  const s = value(metric, v);
  return v > 0 && s !== value(metric, 0) ? `+${s}` : s;
}

export function interval(metric: string, ci: [number, number]): string {
  return `[${delta(metric, ci[0])}, ${delta(metric, ci[1])}]`;
}

/** Three decimals; small p in scientific notation (the test's floor is 1/(samples + 1)). */
export function pValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1).replace('-', MINUS);
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The file name of a run's URI. */
export function fileOf(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
