import * as assert from 'node:assert/strict';
import { UserError } from '../../../src/core/errors';
import { createAdapter } from '../../../src/core/training/adapters';
import { qaTrainingData } from '../../../src/core/training/data';
import { F64 } from '../../../src/core/training/kernels';
import { AdamW, learningRate } from '../../../src/core/training/optim';
import { prepare, type TrainRequest } from '../../../src/core/training/trainJob';
import { type TrainEvent, train } from '../../../src/core/training/trainer';
import { stubEncoder } from '../../support/stubEncoder';
import { plantedCorpus } from './planted';

describe('trainer', function () {
  this.timeout(60_000);
  const { corpus, vectors } = plantedCorpus({ articles: 16 });
  const encoder = stubEncoder(vectors);
  async function setup(over: Partial<TrainRequest> = {}) {
    const split = qaTrainingData(corpus, { langs: ['de', 'zh'], pivot: 'en', seed: 0 });
    const req: TrainRequest = {
      data: 'planted', model: 'stub', langs: ['de', 'zh'], pivot: 'en', loss: 'jsd', adapter: 'linear', epochs: 3, batchSize: 16,
      lr: 1e-3, weightDecay: 0.01, warmup: 0.2, seed: 0, evalEvery: 4, hardNegatives: 1, hardWindow: [50, 100], out: '', cwd: '', ...over,
    };
    return prepare(req, split, encoder, { openEncoder: async () => encoder });
  }

  it('learning rate: linear warm-up to the peak, cosine decay to 0', () => {
    const s = { peak: 1, warmupSteps: 4, totalSteps: 14 };
    assert.deepEqual([0, 1, 2, 3].map((t) => learningRate(t, s)), [0.25, 0.5, 0.75, 1]);
    assert.equal(learningRate(4, s), 1);
    assert.ok(Math.abs(learningRate(9, s) - 0.5) < 1e-12);
    assert.ok(learningRate(13, s) < 0.03 && learningRate(13, s) > 0);
  });

  it('AdamW: the first step moves each parameter by lr against its gradient sign, weight decay pulls towards I', () => {
    const a = createAdapter(F64, { kind: 'linear', dim: 2 });
    const [p] = a.params;
    p.value.set([0.5, 0, 0, 0]);
    p.grad.set([2, -3, 0, 0]);
    new AdamW(a.params, { beta1: 0.9, beta2: 0.999, eps: 0, weightDecay: 0.1 }).step(0.01);
    assert.ok(Math.abs(p.value[0] - (0.5 - 0.01 * (1 + 0.1 * 0.5))) < 1e-12);
    assert.ok(Math.abs(p.value[1] - 0.01) < 1e-12);
    assert.deepEqual([...p.grad], [0, 0, 0, 0]);
  });

  it('events: start, steps with loss components and lr, evaluations every N steps, done', async () => {
    const { input, config } = await setup();
    const events: TrainEvent[] = [];
    const r = await train(input, config, { onEvent: (e) => events.push(e) });
    const start = events[0];
    assert.ok(start.type === 'start' && start.totalSteps === r.totalSteps && start.kernel === 'wasm-simd-f32');
    const steps = events.filter((e) => e.type === 'step');
    assert.equal(steps.length, r.totalSteps);
    assert.ok(steps.every((e) => e.type === 'step' && Number.isFinite(e.loss) && 'infonce' in e.components && 'jsd' in e.components));
    const evals = events.filter((e) => e.type === 'eval').map((e) => e.step);
    assert.deepEqual(evals, [0, ...Array.from({ length: Math.floor(r.totalSteps / 4) }, (_, i) => 4 * (i + 1)), ...(r.totalSteps % 4 ? [r.totalSteps] : [])]);
    assert.deepEqual(events.at(-1), { type: 'done', step: r.totalSteps, reason: 'completed', bestStep: r.history.reduce((b, h) => (h.metrics['bilingual.Max@R'] < b.metrics['bilingual.Max@R'] ? h : b)).step });
  });

  it('validation drives the curves and the stopping; the test split is measured once, at the end, on other articles', async () => {
    const { input, config } = await setup({ minSteps: 30, earlyStopping: { metric: 'bilingual.Max@R', patience: 3 } });
    const val = input.validation!;
    const test = input.test!;
    const articles = (c: typeof val.corpus) => new Set(c.docs.map((d) => d.article));
    assert.ok([...articles(val.corpus)].every((a) => !articles(test.corpus).has(a)), 'validation and test share no article');
    const trainTexts = new Set(input.set.texts.map((t) => t.text));
    assert.ok(val.corpus.docs.every((d) => !trainTexts.has(d.text)), 'no validation passage is trained on');
    const events: TrainEvent[] = [];
    const r = await train(input, config, { onEvent: (e) => events.push(e) });
    assert.ok(r.totalSteps >= 30, `minSteps: ${r.totalSteps} steps`);
    const kinds = events.map((e) => e.type);
    assert.equal(kinds.filter((k) => k === 'test').length, 1, 'the test split is measured once');
    assert.ok(kinds.indexOf('test') > kinds.lastIndexOf('eval') && kinds.indexOf('test') > kinds.lastIndexOf('step'), 'after every step and validation');
    const t = events.find((e) => e.type === 'test')!;
    assert.ok(t.type === 'test' && t.step === r.keptStep && t.trained === r.test!.trained);
    // The kept step is the best validation step (never chosen on test figures).
    const best = r.history.reduce((b, h) => (h.metrics['bilingual.Max@R'] < b.metrics['bilingual.Max@R'] ? h : b));
    assert.equal(r.keptStep, best.step);
  });

  it('MIMO runs stage 1 (distillation only), then stage 2', async () => {
    const { input, config } = await setup({ loss: 'mimo', evalEvery: 0 });
    const stages: Array<[number, boolean]> = [];
    await train(input, config, { onEvent: (e) => e.type === 'step' && stages.push([e.stage!, 'infonce' in e.components]) });
    const half = Math.round(stages.length / 2);
    assert.ok(stages.slice(0, half).every(([s, nce]) => s === 1 && !nce));
    assert.ok(stages.slice(half).every(([s, nce]) => s === 2 && nce));
  });

  it('early stopping on a metric keeps the best parameters', async () => {
    // A learning rate far too high makes held-out Max@R worse after the first evaluations.
    const { input, config } = await setup({ lr: 0.5, epochs: 20, evalEvery: 2, earlyStopping: { metric: 'bilingual.Max@R', patience: 2 } });
    const r = await train(input, config);
    assert.equal(r.reason, 'early-stop');
    assert.ok(r.steps < r.totalSteps);
    const best = r.history.reduce((b, h) => (h.metrics['bilingual.Max@R'] < b.metrics['bilingual.Max@R'] ? h : b));
    assert.equal(r.metrics, best);
    if (best.step === 0) assert.deepEqual([...r.adapter.params[0].value].every((v) => v === 0), true);
  });

  it('the orthogonality penalty keeps the orthogonal adapter near the orthogonal group', async () => {
    const deviation = async (kind: 'linear' | 'orthogonal') => {
      const { input, config } = await setup({ adapter: kind, orthPenalty: 10, lr: 3e-3, evalEvery: 0 });
      const W = (await train(input, config)).adapter.weight();
      const d = input.base.dim;
      let s = 0;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let g = 0;
          for (let k = 0; k < d; k++) g += W[k * d + i] * W[k * d + j];
          s += (g - (i === j ? 1 : 0)) ** 2;
        }
      }
      return Math.sqrt(s);
    };
    const [lin, orth] = [await deviation('linear'), await deviation('orthogonal')];
    assert.ok(orth < lin / 3, `‖WᵀW − I‖: orthogonal ${orth}, linear ${lin}`);
  });

  it('rejects bad settings as user errors', async () => {
    const { input, config } = await setup();
    await assert.rejects(train(input, { ...config, batchSize: 1 }), UserError);
    await assert.rejects(train(input, { ...config, lr: 0 }), UserError);
    await assert.rejects(train(input, { ...config, earlyStopping: { metric: 'nope', patience: 1 } }), /unknown metric "nope"/);
  });
});
