import { gaussian } from '../../../src/core/training/adapters';
import { type Kernels, type Mat, mat } from '../../../src/core/training/kernels';
import { type TrainingSet, TrainingSetBuilder } from '../../../src/core/training/trainingSet';
import { rng } from '../../../src/core/metrics/stats';

/** Random unit rows. */
export function randomUnitRows(K: Kernels, rows: number, dim: number, seed: number): Mat {
  const next = rng(seed);
  const m = mat(K, rows, dim);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let t = 0; t < dim; t++) {
      const x = gaussian(next);
      m.data[i * dim + t] = x;
      s += x * x;
    }
    for (let t = 0; t < dim; t++) m.data[i * dim + t] /= Math.sqrt(s);
  }
  return m;
}

/**
 * A small training set with made-up texts: `groups` passages, `perGroup` questions each, in every
 * language of `langs` plus English, and `hard` random hard negatives per example (other groups).
 */
export function toySet(opts: { groups: number; perGroup: number; langs: string[]; hard: number; seed: number }): TrainingSet {
  const b = new TrainingSetBuilder('en');
  for (const lang of opts.langs) {
    for (let g = 0; g < opts.groups; g++) {
      for (let q = 0; q < opts.perGroup; q++) {
        b.example(lang, `p${g}`, { en: `q${g}.${q} en`, L: `q${g}.${q} ${lang}` }, { en: `p${g} en`, L: `p${g} ${lang}` });
      }
    }
  }
  const set = b.build({ kind: 'qa', path: 'toy', split: 'none' });
  const n = opts.hard;
  if (n > 0) {
    const next = rng(opts.seed);
    const E = set.examples.length;
    const groups = new Int32Array(E * n);
    const queries = new Int32Array(E * n);
    const queryGroups = new Int32Array(E * n);
    set.examples.forEach((ex, e) => {
      for (let t = 0; t < n; t++) {
        let g = ex.group;
        while (g === ex.group) g = Math.floor(next() * opts.groups);
        groups[e * n + t] = g;
        // Index-aligned, as mined: a target question about the negative passage itself.
        const others = set.examples.filter((o) => o.lang === ex.lang && o.group === g);
        const o = others[Math.floor(next() * others.length)];
        queries[e * n + t] = o.qL;
        queryGroups[e * n + t] = o.group;
      }
    });
    set.hard = { count: n, window: [1, 1], groups, queries, queryGroups };
  }
  return set;
}

/** max |a − b| / max |b|, the error measure of the gradient checks. */
export function relError(numeric: ArrayLike<number>, analytic: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < numeric.length; i++) {
    diff = Math.max(diff, Math.abs(numeric[i] - analytic[i]));
    scale = Math.max(scale, Math.abs(analytic[i]));
  }
  return diff / Math.max(scale, 1e-300);
}
