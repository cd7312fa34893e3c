import * as os from 'node:os';
import { clusteredPoints, rng } from '../test/webview/random';
import { PickIndex } from '../webview/projection/pickIndex';
import type { Bench } from './figures';

/**
 * Hover picking in the Projection panel: the uniform grid (webview/projection/pickIndex.ts) at
 * 100k clustered points, timed here rather than in a unit test (the unit test checks exactness).
 * Best of 5 rounds of 10,000 queries within the hover radius, after one warm-up round.
 */
export const pickBench: Bench = {
  name: 'pick',
  async run() {
    const coords = clusteredPoints(100_000, 5);
    const t0 = performance.now();
    const grid = new PickIndex(coords);
    const buildMs = performance.now() - t0;
    const round = (seed: number) => {
      const r = rng(seed);
      const t = performance.now();
      for (let q = 0; q < 10_000; q++) grid.nearest((r() - 0.5) * 25, (r() - 0.5) * 25, 0.2);
      return ((performance.now() - t) / 10_000) * 1000;
    };
    round(0);
    const perQuery = Math.min(...[1, 2, 3, 4, 5].map(round));
    return {
      'scatter.100k.pick_us': {
        value: +perQuery.toFixed(2),
        unit: 'µs/query',
        better: 'lower',
        target: 100,
        note: `PickIndex.nearest at 100,000 clustered points (6 clusters + outliers), hover radius 0.2, best of 5 rounds of 10,000 after a warm-up; grid built in ${buildMs.toFixed(0)} ms; Node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      },
    };
  },
};
