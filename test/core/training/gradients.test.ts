import * as assert from 'node:assert/strict';
import { type Adapter, type AdapterKind, createAdapter } from '../../../src/core/training/adapters';
import { makeBatch } from '../../../src/core/training/batch';
import { F64, type Mat, mat } from '../../../src/core/training/kernels';
import { type LossConfig, lossConfig, type LossKind, makeLoss } from '../../../src/core/training/losses';
import { parseDirections } from '../../../src/core/training/losses/infonce';
import { rng } from '../../../src/core/metrics/stats';
import { randomUnitRows, relError, toySet } from './helpers';

/**
 * Float64 central finite differences against every hand-written gradient: each loss w.r.t. the
 * adapter outputs, each adapter w.r.t. its parameters, and the two chained.
 */
const K = F64;
const H = 1e-6;
const TOL = 1e-6;
const DIM = 12;

function fixture() {
  // 6 passages × 2 questions: examples 2k and 2k+1 share a passage (multi-positive in a batch).
  const set = toySet({ groups: 6, perGroup: 2, langs: ['de'], hard: 2, seed: 3 });
  const base = randomUnitRows(K, set.texts.length, DIM, 4);
  const batch = makeBatch(K, set, [0, 1, 2, 4, 5, 7, 9], base, { teacher: randomUnitRows(K, set.texts.length, DIM, 5) });
  return { batch };
}

/** Indices to probe: every entry when small, else a seeded sample. */
function probes(n: number, count: number, seed: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const next = rng(seed);
  return Array.from({ length: count }, () => Math.floor(next() * n));
}

function checkLoss(cfg: LossConfig, stage?: 1 | 2): number {
  const { batch } = fixture();
  const loss = makeLoss(cfg);
  const Y: Mat = { rows: batch.X.rows, cols: DIM, data: batch.X.data.slice() };
  const dY = mat(K, Y.rows, DIM);
  const value = loss({ K, Y, dY, batch, stage }).total;
  assert.ok(Number.isFinite(value) && value > 0, `loss ${value}`);
  const f = () => loss({ K, Y, dY: mat(K, Y.rows, DIM), batch, stage }).total;
  const idx = probes(Y.data.length, 400, 7);
  const numeric = idx.map((i) => {
    const keep = Y.data[i];
    Y.data[i] = keep + H;
    const up = f();
    Y.data[i] = keep - H;
    const down = f();
    Y.data[i] = keep;
    return (up - down) / (2 * H);
  });
  return relError(numeric, idx.map((i) => dY.data[i]));
}

describe('training gradients (float64 finite differences)', () => {
  const cases: Array<[string, LossKind, Partial<LossConfig>, (1 | 2)?]> = [
    ['infonce, default directions (multi-positive bilingual)', 'infonce', {}],
    ['infonce, L>L and en>L', 'infonce', { directions: parseDirections('L>L,en>L') }],
    ['infonce, L>en', 'infonce', { directions: parseDirections('L>en') }],
    ['jsd + infonce, distribution', 'jsd', { lambda: 0.7 }],
    ['jsd + infonce, parallel-doc', 'jsd', { jsdMode: 'parallel-doc' }],
    ['clear', 'clear', {}],
    ['mimo stage 1', 'mimo', {}, 1],
    ['mimo stage 2', 'mimo', { lambda: 0.5 }, 2],
  ];
  for (const [name, kind, over, stage] of cases) {
    it(`loss: ${name}`, () => {
      const err = checkLoss(lossConfig(kind, over), stage);
      assert.ok(err < TOL, `relative error ${err}`);
    });
  }

  function perturbed(kind: AdapterKind): Adapter {
    const a = createAdapter(K, { kind, dim: DIM, rank: 3, orthPenalty: 0.7 }, 11);
    const next = rng(12);
    for (const p of a.params) for (let i = 0; i < p.value.length; i++) p.value[i] += 0.2 * (next() - 0.5);
    return a;
  }

  function checkParams(a: Adapter, f: () => number, grads: () => void): number {
    for (const p of a.params) p.grad.fill(0);
    grads();
    const analyticAll = a.params.map((p) => p.grad.slice());
    let worst = 0;
    for (const [k, p] of a.params.entries()) {
      const analytic = analyticAll[k];
      const idx = probes(p.value.length, 80, 13);
      const numeric = idx.map((i) => {
        const keep = p.value[i];
        p.value[i] = keep + H;
        const up = f();
        p.value[i] = keep - H;
        const down = f();
        p.value[i] = keep;
        return (up - down) / (2 * H);
      });
      worst = Math.max(worst, relError(numeric, idx.map((i) => analytic[i])));
    }
    return worst;
  }

  for (const kind of ['linear', 'lowrank', 'orthogonal'] as const) {
    it(`adapter: ${kind} (with output normalisation${kind === 'orthogonal' ? ' and penalty' : ''})`, () => {
      const a = perturbed(kind);
      const X = randomUnitRows(K, 9, DIM, 14);
      const R = randomUnitRows(K, 9, DIM, 15);
      const objective = (): number => {
        const Y = a.forward(X).Y;
        let s = 0;
        for (let i = 0; i < Y.data.length; i++) s += Y.data[i] * R.data[i];
        const reg = a.regularize();
        for (const p of a.params) p.grad.fill(0);
        return s + reg;
      };
      const err = checkParams(a, objective, () => {
        const fw = a.forward(X);
        a.backward(fw, R);
        a.regularize();
      });
      assert.ok(err < TOL, `relative error ${err}`);
    });
  }

  for (const kind of ['linear', 'lowrank', 'orthogonal'] as const) {
    it(`adapter + loss chained: ${kind} with clear`, () => {
      const a = perturbed(kind);
      const { batch } = fixture();
      const loss = makeLoss(lossConfig('clear'));
      const objective = (): number => {
        const Y = a.forward(batch.X).Y;
        const v = loss({ K, Y, dY: mat(K, Y.rows, DIM), batch }).total + a.regularize();
        for (const p of a.params) p.grad.fill(0);
        return v;
      };
      const err = checkParams(a, objective, () => {
        const fw = a.forward(batch.X);
        const dY = mat(K, fw.Y.rows, DIM);
        loss({ K, Y: fw.Y, dY, batch });
        a.backward(fw, dY);
        a.regularize();
      });
      assert.ok(err < TOL, `relative error ${err}`);
    });
  }
});
