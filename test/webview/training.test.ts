import assert from 'node:assert/strict';
import { StepRecords, thin } from '../../src/extension/training/stepRecords';
import { Curves } from '../../webview/training/curves';
import { downsample, linePath, linearScale, niceDomain, niceTicks, tickLabel } from '../../webview/training/scales';
import { fmtFigure, lowerIsBetter, summaryRows } from '../../webview/training/summary';

const step = (i: number, components: Record<string, number> = { infonce: 1 / i, jsd: 0.5 / i }) => ({
  step: i, epoch: 1, loss: Object.values(components).reduce((a, b) => a + b, 0), lr: 1e-4 * i, elapsed: i / 10, components,
});

describe('training panel helpers', () => {
  describe('scales', () => {
    it('makes 1-2-5 ticks inside the range', () => {
      assert.deepEqual(niceTicks(0, 30, 6), [0, 5, 10, 15, 20, 25, 30]);
      assert.deepEqual(niceTicks(0, 1e-4, 5), [0, 2e-5, 4e-5, 6e-5, 8e-5, 1e-4]);
      assert.deepEqual(niceTicks(2.894, 2.938, 4), [2.9, 2.92]);
      assert.deepEqual(niceTicks(3, 3), [3]);
      assert.deepEqual(niceTicks(NaN, 1), []);
    });

    it('widens the y range to nice bounds, keeps included values, and pads a flat series', () => {
      assert.deepEqual(niceDomain([0.23, 0.91], [0]), [0, 1]);
      assert.deepEqual(niceDomain([NaN, 5, 5]), [4.5, 5.5]);
      assert.deepEqual(niceDomain([0, 0]), [-1, 1]);
      assert.equal(niceDomain([NaN]), undefined);
    });

    it('maps values linearly, and a degenerate domain to the middle', () => {
      const s = linearScale([0, 10], [100, 0]);
      assert.equal(s(0), 100);
      assert.equal(s(5), 50);
      assert.equal(linearScale([3, 3], [0, 10])(3), 5);
    });

    it('keeps short series whole and thins long ones to first/min/max per bucket', () => {
      const xs = Array.from({ length: 10 }, (_, i) => i);
      assert.equal(downsample(xs, xs, 10).length, 10);
      const n = 10_000;
      const lx = Array.from({ length: n }, (_, i) => i);
      const ly = lx.map((i) => (i === 5_000 ? 100 : Math.sin(i / 50)));
      const d = downsample(lx, ly, 100);
      assert.ok(d.length <= 200, `${d.length} points`);
      assert.ok(d.some(([x, y]) => x === 5_000 && y === 100), 'a spike survives');
      for (let i = 1; i < d.length; i++) assert.ok(d[i][0] > d[i - 1][0], 'x increases');
    });

    it('breaks lines at gaps (NaN)', () => {
      const id = (v: number) => v;
      assert.equal(linePath([[0, 1], [1, 2], [2, NaN], [3, 4], [4, 5]], id, id), 'M0.0,1.0L1.0,2.0M3.0,4.0L4.0,5.0');
      assert.equal(linePath([[0, NaN]], id, id), '');
    });

    it('labels ticks without float noise', () => {
      assert.equal(tickLabel(0.30000000000000004), '0.3');
      assert.equal(tickLabel(0), '0');
      assert.equal(tickLabel(1e-4, true), '1e−4');
      assert.equal(tickLabel(1.5e-4, true), '1.5e−4');
      assert.equal(tickLabel(0.00015000000000000001, true), '1.5e−4');
      assert.equal(tickLabel(25), '25');
    });
  });

  describe('step columns: host StepRecords → webview Curves', () => {
    it('round-trips through Float64 ArrayBuffers, aligning components that appear late', () => {
      const r = new StepRecords();
      r.push({ ...step(1, { 'kd.en': 0.5, 'kd.L': 0.25 }), stage: 1 });
      r.push({ ...step(2, { 'kd.en': 0.4, 'kd.L': 0.2, infonce: 2 }), stage: 2 });
      const cols = r.columns();
      assert.ok(cols.step instanceof ArrayBuffer);
      const c = new Curves();
      assert.equal(c.append(cols), 2);
      assert.deepEqual(c.step, [1, 2]);
      assert.deepEqual(c.stage, [1, 2]);
      assert.deepEqual(c.components.get('kd.en'), [0.5, 0.4]);
      assert.ok(Number.isNaN(c.components.get('infonce')![0]));
      assert.equal(c.components.get('infonce')![1], 2);
    });

    it('ignores steps a snapshot already held (snapshot and live batches overlap)', () => {
      const r = new StepRecords();
      for (let i = 1; i <= 5; i++) r.push(step(i));
      const c = new Curves();
      c.append(r.columns(0, 4));
      assert.equal(c.append(r.columns(2)), 1);
      assert.deepEqual(c.step, [1, 2, 3, 4, 5]);
    });

    it('a component first seen in the webview after earlier rows is back-filled with NaN', () => {
      const a = new StepRecords();
      a.push(step(1, { infonce: 1 }));
      const b = new StepRecords();
      b.push(step(1, { infonce: 1 }));
      b.push(step(2, { infonce: 1, orthogonality: 0.1 }));
      const c = new Curves();
      c.append(a.columns());
      c.append(b.columns(1));
      assert.equal(c.components.get('orthogonality')!.length, 2);
      assert.ok(Number.isNaN(c.components.get('orthogonality')![0]));
    });

    it('saves at most maxRows rows to JSON (NaN as null) and reads them back', () => {
      const r = new StepRecords();
      for (let i = 1; i <= 100; i++) r.push(step(i, i === 1 ? { infonce: NaN } : { infonce: 1 }));
      const j = r.toJSON(10);
      assert.equal(j.step.length, 10);
      assert.equal(j.step[9], 100);
      assert.equal(j.components.infonce[0], null);
      const back = StepRecords.fromJSON(JSON.parse(JSON.stringify(j)));
      assert.equal(back.count, 10);
      assert.ok(Number.isNaN(back.components.get('infonce')![0]));
      assert.deepEqual(thin(3, 10), [0, 1, 2]);
    });
  });

  describe('held-out evaluations', () => {
    const ev = (s: number, maxr: number, best: boolean) => ({ step: s, epoch: 1, best, metrics: { 'bilingual.Max@R': maxr }, byLanguage: { de: { 'bilingual.Max@R': maxr + 1 }, zh: { 'bilingual.Max@R': maxr - 1 } } });

    it('orders by step, replaces a repeated step, and reads per-language series', () => {
      const c = new Curves();
      c.addEval(ev(4, 2.5, true));
      c.addEval(ev(0, 3, true));
      c.addEval(ev(4, 2.4, true));
      assert.deepEqual(c.metric('bilingual.Max@R', ''), { xs: [0, 4], ys: [3, 2.4] });
      assert.deepEqual(c.metric('bilingual.Max@R', 'de').ys, [4, 3.4]);
      assert.deepEqual(c.languages(), ['de', 'zh']);
      assert.deepEqual(c.metricNames(), ['bilingual.Max@R']);
    });

    it('the running best is the last improving evaluation after the base', () => {
      const c = new Curves();
      c.addEval(ev(0, 3, true));
      assert.equal(c.bestStep(), undefined);
      c.addEval(ev(4, 2.5, true));
      c.addEval(ev(8, 2.7, false));
      assert.equal(c.bestStep(), 4);
    });
  });

  describe('summary', () => {
    it('judges changes by direction: Max@R and EIR improve downwards', () => {
      assert.ok(lowerIsBetter('bilingual.Max@R') && lowerIsBetter('bilingual.EIR') && !lowerIsBetter('mono.nDCG@10'));
      const rows = summaryRows({ 'bilingual.Max@R': 3, 'mono.nDCG@10': 0.9, 'bilingual.EIR': 0.2 }, { 'bilingual.Max@R': 2.5, 'mono.nDCG@10': 0.85, 'bilingual.EIR': 0.2 });
      assert.deepEqual(rows.map((r) => [r.metric, r.better]), [['bilingual.Max@R', true], ['mono.nDCG@10', false], ['bilingual.EIR', undefined]]);
      assert.equal(rows[0].delta, -0.5);
    });

    it('formats figures with three decimals so small changes stay visible', () => {
      assert.equal(fmtFigure(2.894), '2.894');
      assert.equal(fmtFigure(123.456), '123.5');
      assert.equal(fmtFigure(undefined), '–');
    });
  });
});
