import type { OutcomeColumn } from '../../src/protocol';

/**
 * How points get a palette entry: by language, or by a per-query outcome of the run (a log
 * ramp for MaxRank, two colours for a yes/no outcome), with one "no value" entry for points the
 * outcome does not cover (documents, queries the run did not score for it). Pure: colours are
 * named (theme variables or fixed ramp colours), the view resolves them.
 */

/** Steps of the MaxRank ramp (its palette entries). */
export const RAMP_STEPS = 16;
/** Good (low rank) → bad (deep): blue → yellow → red, readable on light and dark themes. */
const RAMP_STOPS = ['#2c7bb6', '#4fa8c9', '#b9c36a', '#f2a541', '#d7191c'];

export interface ColourClass {
  /** Legend label, e.g. `inclined` or `no value`. */
  label: string;
  /** CSS colour (a theme variable reference or a hex colour). */
  colour: string;
  count: number;
  /** Key kept in state when the class is hidden: `0`, `1` or `none`. */
  key: string;
}

export interface OutcomeColouring {
  /** Palette entry per point. */
  index: Uint16Array;
  /** Palette entries: the outcome's classes (binary: 0, 1; log: the ramp steps), then `none`. */
  palette: string[];
  /** Classes the legend lists (binary: both values and no value; log: no value only). */
  classes: ColourClass[];
  /** Palette entry of points without a value. */
  noneSlot: number;
  /** `log`: the largest value (the ramp's end) and the tick values of the legend. */
  ramp?: { max: number; ticks: number[]; stops: string[] };
}

/** Which value of a yes/no outcome is the bad one (drawn in the warning colour). */
export function badValue(name: OutcomeColumn['name']): 0 | 1 {
  return name === 'EIR' ? 1 : 0;
}

/** Ramp position of a value on the log scale from 1 to max: 0..1. */
export function logPosition(v: number, max: number): number {
  if (!(max > 1)) return 0;
  return Math.min(1, Math.max(0, Math.log(Math.max(1, v)) / Math.log(max)));
}

/** Ticks of a log legend: 1, 10, 100, … below max, and max itself. */
export function logTicks(max: number): number[] {
  const ticks = [1];
  for (let t = 10; t < max; t *= 10) ticks.push(t);
  if (max > 1) ticks.push(max);
  return ticks;
}

export function rampColour(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (RAMP_STOPS.length - 1);
  const i = Math.min(RAMP_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = hex(RAMP_STOPS[i]), b = hex(RAMP_STOPS[i + 1]);
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * f));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function hex(s: string): number[] {
  return [1, 3, 5].map((o) => parseInt(s.slice(o, o + 2), 16));
}

/** Palette entries and legend classes of one outcome column over all points. */
export function outcomeColouring(column: Pick<OutcomeColumn, 'name' | 'scale' | 'levels'>, values: Float32Array): OutcomeColouring {
  const n = values.length;
  const index = new Uint16Array(n);
  let none = 0;
  if (column.scale === 'binary') {
    const bad = badValue(column.name);
    const colours = bad === 1 ? ['var(--vscode-charts-blue)', 'var(--vscode-charts-orange)'] : ['var(--vscode-charts-orange)', 'var(--vscode-charts-blue)'];
    const counts = [0, 0];
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (Number.isNaN(v)) {
        index[i] = 2;
        none++;
      } else {
        index[i] = v >= 0.5 ? 1 : 0;
        counts[index[i]]++;
      }
    }
    const levels = column.levels ?? ['0', '1'];
    return {
      index,
      palette: [...colours, NONE_COLOUR],
      classes: [
        { label: levels[0], colour: colours[0], count: counts[0], key: '0' },
        { label: levels[1], colour: colours[1], count: counts[1], key: '1' },
        { label: 'no value', colour: NONE_COLOUR, count: none, key: 'none' },
      ],
      noneSlot: 2,
    };
  }
  let max = 1;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) max = Math.max(max, values[i]);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      index[i] = RAMP_STEPS;
      none++;
    } else index[i] = Math.round(logPosition(v, max) * (RAMP_STEPS - 1));
  }
  const stops = Array.from({ length: RAMP_STEPS }, (_, s) => rampColour(s / (RAMP_STEPS - 1)));
  return {
    index,
    palette: [...stops, NONE_COLOUR],
    classes: [{ label: 'no value', colour: NONE_COLOUR, count: none, key: 'none' }],
    noneSlot: RAMP_STEPS,
    ramp: { max, ticks: logTicks(max), stops },
  };
}

/** Points without a value: the theme's muted foreground. */
export const NONE_COLOUR = 'var(--vscode-disabledForeground)';
