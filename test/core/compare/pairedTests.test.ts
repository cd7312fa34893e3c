import * as assert from 'node:assert/strict';
import { rng } from '../../../src/core/metrics/stats';
import { exactSignFlipP, percentileInterval, runPairedTests } from '../../../src/core/compare/pairedTests';
import { pairRecords } from '../../../src/core/compare/pairing';
import type { ComparedMetric } from '../../../src/core/compare/types';
import { records } from './helpers';

const NDCG: ComparedMetric = { name: 'nDCG@10', perQuery: 'nDCG@10', lowerIsBetter: false };

/** A one-language design of paired values a[i], b[i]. */
function design(a: number[], b: number[]) {
  return pairRecords(
    records('de', a.length, (i) => ({ 'nDCG@10': a[i] })),
    records('de', b.length, (i) => ({ 'nDCG@10': b[i] })),
    [NDCG],
    ['de'],
  );
}

const methods = ['randomization', 'paired-bootstrap'] as const;

describe('compare: paired tests', () => {
  for (const method of methods) {
    it(`identical runs: delta 0, p = 1, interval [0, 0] (${method})`, async () => {
      const r = new Array(40).fill(0).map((_, i) => (i % 7) / 7);
      const res = await runPairedTests(design(r, r), { method, samples: 2000, seed: 3 });
      const s = res.byLanguage[0][0]!;
      assert.equal(s.delta, 0);
      assert.equal(s.p, 1);
      assert.deepEqual(s.ci, [0, 0]);
      assert.equal(s.queries, 40);
    });

    it(`a constant shift on every query reaches the floor p = 1/(samples + 1) (${method})`, async () => {
      const a = Array.from({ length: 30 }, (_, i) => (i % 5) / 10);
      const b = a.map((v) => v + 0.1);
      const samples = 2000;
      const s = (await runPairedTests(design(a, b), { method, samples, seed: 9 })).byLanguage[0][0]!;
      assert.ok(Math.abs(s.delta - 0.1) < 1e-12);
      // All 30 signs equal has probability 2^-29: no resample should reach |T|.
      assert.equal(s.p, 1 / (samples + 1));
      // Every bootstrap resample of a constant difference is that constant.
      assert.ok(Math.abs(s.ci[0] - 0.1) < 1e-12 && Math.abs(s.ci[1] - 0.1) < 1e-12);
    });
  }

  it('the Monte-Carlo sign-flip p matches exact enumeration on small n', async () => {
    const random = rng(42);
    for (const n of [6, 10, 12]) {
      const a = Array.from({ length: n }, () => random());
      const b = a.map((v) => v + (random() - 0.35) * 0.6);
      const d = b.map((v, i) => v - a[i]);
      const exact = exactSignFlipP(d);
      const samples = 20_000;
      const mc = (await runPairedTests(design(a, b), { method: 'randomization', samples, seed: n })).byLanguage[0][0]!.p;
      // Binomial standard error of the estimate is at most 0.0036 at 20k samples.
      assert.ok(Math.abs(mc - exact) < 0.012, `n=${n}: Monte-Carlo ${mc} vs exact ${exact}`);
    }
  });

  it('exact enumeration by hand: d = [1, 1] gives p = 2/4, d = [1, 2, 3] gives p = 2/8', () => {
    assert.equal(exactSignFlipP([1, 1]), 0.5);
    // |mean| ≥ 2 only for all-plus and all-minus.
    assert.equal(exactSignFlipP([1, 2, 3]), 0.25);
    // |mean| ≥ 1/3 (d = [1, -1, 1]): sums ±1 and ±3 all qualify, so every vector does.
    assert.equal(exactSignFlipP([1, -1, 1]), 1);
  });

  it('the same seed gives the same numbers; another seed nearly the same', async () => {
    const random = rng(7);
    const a = Array.from({ length: 50 }, () => random());
    const b = a.map((v) => v + (random() - 0.45) * 0.5);
    const run = (seed: number) => runPairedTests(design(a, b), { method: 'randomization', samples: 5000, seed });
    const [x, y, z] = [(await run(1)).byLanguage[0][0]!, (await run(1)).byLanguage[0][0]!, (await run(2)).byLanguage[0][0]!];
    assert.deepEqual(x, y);
    assert.notDeepEqual(x.ci, z.ci);
    assert.ok(Math.abs(x.p - z.p) < 0.03);
  });

  it('the bootstrap interval has the normal-theory width on a large sample', async () => {
    const random = rng(11);
    const n = 400;
    const a = Array.from({ length: n }, () => random());
    const b = a.map((v) => v + 0.05 + (random() - 0.5));
    const d = b.map((v, i) => v - a[i]);
    const mu = d.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(d.reduce((s, v) => s + (v - mu) ** 2, 0) / (n - 1));
    const s = (await runPairedTests(design(a, b), { method: 'paired-bootstrap', samples: 10_000, seed: 5 })).byLanguage[0][0]!;
    const width = s.ci[1] - s.ci[0];
    const expected = (2 * 1.96 * sd) / Math.sqrt(n);
    assert.ok(Math.abs(width / expected - 1) < 0.08, `width ${width} vs ${expected}`);
    assert.ok(s.ci[0] < s.delta && s.delta < s.ci[1]);
  });

  it('percentile interval interpolates between order statistics', () => {
    const xs = Array.from({ length: 101 }, (_, i) => i);
    const [lo, hi] = percentileInterval(xs, 0.9);
    assert.ok(Math.abs(lo - 5) < 1e-9 && Math.abs(hi - 95) < 1e-9, `${lo}, ${hi}`);
    assert.deepEqual(percentileInterval([0, 10], 0.5), [2.5, 7.5]);
    assert.deepEqual(percentileInterval([3], 0.95), [3, 3]);
  });

  it('overall: a translation-wise constant shift in two languages is significant, the macro mean is the delta', async () => {
    const n = 25;
    const a = [...records('de', n, (i) => ({ 'nDCG@10': i / n })), ...records('zh', n, (i) => ({ 'nDCG@10': 1 - i / n }))];
    const b = [...records('de', n, (i) => ({ 'nDCG@10': i / n + 0.2 })), ...records('zh', n, (i) => ({ 'nDCG@10': 1 - i / n }))];
    const d = pairRecords(a, b, [NDCG], ['de', 'zh']);
    assert.deepEqual(d.languages, ['de', 'zh']);
    assert.equal(d.units.length, n, 'translations share their unit (the parallel key)');
    const res = await runPairedTests(d, { method: 'randomization', samples: 1000, seed: 1 });
    assert.equal(res.byLanguage[1][0]!.p, 1);
    const o = res.overall[0]!;
    assert.ok(Math.abs(o.delta - 0.1) < 1e-12);
    assert.equal(o.p, 1 / 1001);
    assert.equal(o.queries, 2 * n);
  });

  it('stops when cancelled', async () => {
    const a = Array.from({ length: 3000 }, (_, i) => (i % 10) / 10);
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(runPairedTests(design(a, a), { method: 'randomization', samples: 100_000, seed: 1, signal: abort.signal }), /cancelled/);
  });
});
