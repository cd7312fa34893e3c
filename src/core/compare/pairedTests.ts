import { throwIfAborted } from '../errors';
import { rng } from '../metrics/stats';
import type { Progress } from '../progress';
import type { PairedCell, PairedDesign } from './pairing';
import type { PairedTestOptions } from './types';

export interface PairedStat {
  a: number;
  b: number;
  delta: number;
  ci: [number, number];
  p: number;
  queries: number;
}

export interface PairedTestResults {
  /** byLanguage[language][metric], undefined where the design has no pairs. */
  byLanguage: Array<Array<PairedStat | undefined>>;
  /** Per metric: the unweighted mean over languages (as a report's `overall`), tested jointly. */
  overall: Array<PairedStat | undefined>;
}

export interface RunTestsOptions extends PairedTestOptions {
  /** Level of the bootstrap interval (default 0.95). */
  confidence?: number;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** The defaults of `xlens compare` and of the Compare panel (one engine, one set of defaults). */
export const DEFAULT_TEST: PairedTestOptions = { method: 'randomization', samples: 10_000, seed: 0 };

/** |t| counts as "at least as extreme" as |observed| up to rounding of the sums. */
const REL_TOL = 1e-9;

/** Running figures of one language × metric (or of the overall mean of one metric). */
interface Stat {
  observed: number;
  meanA: number;
  meanB: number;
  queries: number;
  boot: Float64Array;
  extreme: number;
}

/**
 * One language's pairs as metric-major rows over the language's units: each resample gathers
 * the units' signs and weights once, then every metric is a contiguous dot product. A metric a
 * unit lacks counts as a difference of 0 with presence 0: sums are unchanged and the bootstrap
 * divides by the drawn units that have it.
 */
interface Block {
  units: Int32Array;
  /** d[m * n + i]: difference of metric m for the block's unit i. */
  d: Float64Array;
  /** Presence of metric m for unit i, or undefined when every unit has metric m. */
  present: Array<Float64Array | undefined>;
  stats: Array<Stat | undefined>;
  /** Scratch: the units' signs and bootstrap weights of the current resample. */
  sign: Float64Array;
  weight: Float64Array;
}

/**
 * Paired tests of the mean difference b − a for every language × metric of a design, and for
 * the macro average over languages. Both schemes act on parallel questions (units):
 * - randomisation (sign flip): under H0 the labels A/B of each question are exchangeable, so each
 *   unit's differences are negated with probability ½; p = (1 + #{|T*| ≥ |T|}) / (samples + 1);
 * - paired bootstrap: units are drawn with replacement; the interval is the percentile interval
 *   of T*, and its p-value centres the bootstrap distribution on H0:
 *   p = (1 + #{|T* − T| ≥ |T|}) / (samples + 1).
 * The same draws serve every metric and language (common random numbers), so the overall
 * figure's resample is the mean of the languages' resamples. Seeded: the same inputs and seed
 * give the same numbers. Yields to the event loop between chunks of samples.
 */
export async function runPairedTests(design: PairedDesign, opts: RunTestsOptions): Promise<PairedTestResults> {
  throwIfAborted(opts.signal);
  const S = Math.max(1, Math.floor(opts.samples));
  const K = design.units.length;
  const M = design.metrics.length;
  const level = opts.confidence ?? 0.95;
  const flip = opts.method === 'randomization';
  const blocks = design.cells.map((row) => block(row, M, S));
  const overall = Array.from({ length: M }, (_, m): Stat | undefined => {
    const present = blocks.map((b) => b.stats[m]).filter((st): st is Stat => st !== undefined);
    if (present.length === 0) return undefined;
    const avg = (f: (st: Stat) => number) => mean(present.map(f));
    return { observed: avg((st) => st.observed), meanA: avg((st) => st.meanA), meanB: avg((st) => st.meanB), queries: present.reduce((n, st) => n + st.queries, 0), boot: new Float64Array(S), extreme: 0 };
  });

  const flipRandom = rng(opts.seed);
  const bootRandom = rng((opts.seed ^ 0x85ebca6b) >>> 0);
  const signs = new Float64Array(K);
  const counts = new Float64Array(K);
  // Per metric, over languages: sum and number of the flipped means and of the bootstrap means.
  const flipTotal = new Float64Array(M);
  const flipLangs = new Float64Array(M);
  const bootTotal = new Float64Array(M);
  const bootLangs = new Float64Array(M);
  let lastYield = performance.now();
  for (let s = 0; s < S; s++) {
    if (flip)
      for (let u = 0; u < K; u += 32) {
        const word = Math.floor(flipRandom() * 4294967296);
        for (let j = 0; j < 32 && u + j < K; j++) signs[u + j] = (word >>> j) & 1 ? -1 : 1;
      }
    counts.fill(0);
    for (let k = 0; k < K; k++) counts[Math.floor(bootRandom() * K)]++;
    flipTotal.fill(0);
    flipLangs.fill(0);
    bootTotal.fill(0);
    bootLangs.fill(0);
    for (const b of blocks) {
      const { units, d, sign, weight } = b;
      const n = units.length;
      let drawn = 0;
      for (let i = 0; i < n; i++) {
        sign[i] = signs[units[i]];
        drawn += weight[i] = counts[units[i]];
      }
      for (let m = 0; m < M; m++) {
        const st = b.stats[m];
        if (!st) continue;
        const off = m * n;
        // One pass feeds both schemes (without flips the signs stay at +1, unused).
        let flipped = 0;
        let num = 0;
        for (let i = 0; i < n; i++) {
          const v = d[off + i];
          flipped += sign[i] * v;
          num += weight[i] * v;
        }
        if (flip) {
          const t = flipped / st.queries;
          st.extreme += isExtreme(t, st.observed);
          flipTotal[m] += t;
          flipLangs[m]++;
        }
        const p = b.present[m];
        let den = drawn;
        if (p) {
          den = 0;
          for (let i = 0; i < n; i++) den += weight[i] * p[i];
        }
        const t = den > 0 ? num / den : NaN;
        st.boot[s] = t;
        if (!Number.isNaN(t)) (bootTotal[m] += t), bootLangs[m]++;
      }
    }
    for (let m = 0; m < M; m++) {
      const o = overall[m];
      if (!o) continue;
      if (flip) o.extreme += isExtreme(flipTotal[m] / flipLangs[m], o.observed);
      o.boot[s] = bootLangs[m] ? bootTotal[m] / bootLangs[m] : NaN;
    }
    if ((s & 7) === 7 && performance.now() - lastYield > 20) {
      await new Promise((resolve) => setImmediate(resolve));
      throwIfAborted(opts.signal);
      opts.onProgress?.({ phase: 'resampling', done: s + 1, total: S, unit: 'items' });
      lastYield = performance.now();
    }
  }

  const finish = (st: Stat): PairedStat => {
    const boot = Array.from(st.boot).filter((v) => !Number.isNaN(v));
    const bootExtreme = boot.reduce((n, t) => n + isExtreme(t - st.observed, st.observed), 0);
    const p = flip ? (1 + st.extreme) / (S + 1) : (1 + bootExtreme) / (boot.length + 1);
    return { a: st.meanA, b: st.meanB, delta: st.observed, ci: percentileInterval(boot, level), p: Math.min(1, p), queries: st.queries };
  };
  return {
    byLanguage: blocks.map((b) => b.stats.map((st) => (st ? finish(st) : undefined))),
    overall: overall.map((o) => (o ? finish(o) : undefined)),
  };
}

function block(row: Array<PairedCell | undefined>, M: number, S: number): Block {
  const units = [...new Set(row.flatMap((c) => (c ? Array.from(c.unit) : [])))].sort((x, y) => x - y);
  const n = units.length;
  const pos = new Map(units.map((u, i) => [u, i]));
  const d = new Float64Array(n * M);
  const present: Array<Float64Array | undefined> = [];
  const stats = row.map((c, m): Stat | undefined => {
    if (!c) return undefined;
    const has = c.unit.length < n ? new Float64Array(n) : undefined;
    let diff = 0;
    for (let i = 0; i < c.unit.length; i++) {
      const at = pos.get(c.unit[i])!;
      d[m * n + at] = c.b[i] - c.a[i];
      if (has) has[at] = 1;
      diff += c.b[i] - c.a[i];
    }
    present[m] = has;
    return { observed: diff / c.unit.length, meanA: mean(c.a), meanB: mean(c.b), queries: c.unit.length, boot: new Float64Array(S), extreme: 0 };
  });
  return { units: Int32Array.from(units), d, present, stats, sign: new Float64Array(n), weight: new Float64Array(n) };
}

function isExtreme(t: number, observed: number): number {
  return Math.abs(t) >= Math.abs(observed) * (1 - REL_TOL) ? 1 : 0;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : NaN;
}

/** Equal-tailed percentile interval (linear interpolation between order statistics). */
export function percentileInterval(samples: number[], level: number): [number, number] {
  if (samples.length === 0) return [NaN, NaN];
  const sorted = [...samples].sort((x, y) => x - y);
  const q = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
  };
  const tail = (1 - level) / 2;
  return [q(tail), q(1 - tail)];
}

/**
 * The exact two-sided sign-flip p-value of a mean difference: the share of all 2ⁿ sign vectors
 * whose |mean| reaches the observed one. For checking the Monte-Carlo test on small n.
 */
export function exactSignFlipP(d: ArrayLike<number>): number {
  const n = d.length;
  if (n > 24) throw new Error(`exact enumeration of 2^${n} sign vectors is too large`);
  const observed = mean(d);
  let extreme = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let t = 0;
    for (let i = 0; i < n; i++) t += mask & (1 << i) ? -d[i] : d[i];
    extreme += isExtreme(t / n, observed);
  }
  return extreme / 2 ** n;
}
