/** One named benchmark figure, as stored in bench/results.json. */
export interface Figure {
  value: number;
  unit: string;
  better: 'lower' | 'higher';
  target?: number;
  /** Free text: what exactly was measured. */
  note?: string;
}

export type Figures = Record<string, Figure>;

/** A benchmark module: a name to select it by, and a function that measures its figures. */
export interface Bench {
  name: string;
  run: () => Promise<Figures>;
}

export function seconds(since: number): number {
  return +((performance.now() - since) / 1000).toFixed(3);
}
