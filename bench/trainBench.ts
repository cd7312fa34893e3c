import { loadavg } from 'node:os';
import type { Doc, QACorpus, Query } from '../src/core/data/corpus';
import { gaussian } from '../src/core/training/adapters';
import { EmbeddingTable, corpusTexts } from '../src/core/training/embed';
import { mineHardNegatives } from '../src/core/training/hardNegatives';
import { lossConfig, type LossKind, LOSS_KINDS } from '../src/core/training/losses';
import { type TrainConfig, train } from '../src/core/training/trainer';
import { type TrainingSet, TrainingSetBuilder } from '../src/core/training/trainingSet';
import { rng } from '../src/core/metrics/stats';
import { emptyStats, type Encoder } from '../src/core/encoders/encoder';
import { matrix, type Matrix } from '../src/core/vectors';
import type { AdapterKind } from '../src/core/training/adapters';
import { type Bench, type Figures, seconds } from './figures';

/**
 * Training speed on cached embeddings (random unit vectors: their content does not change the
 * cost).
 * - `train.<loss>.<adapter>.d<384|768>.steps_per_sec`: optimiser steps per second at batch 64 with
 *   one hard negative per example (mined, as by default), measured over the steps after the first three.
 * - `train.2800x3.seconds`: a whole run of 2,800 English–target pairs × 3 epochs at d = 768 (JSD +
 *   InfoNCE, linear adapter, batch 64): hard-negative mining, training, and validation evaluation
 *   (bilingual + mono, real `evaluate`) before, every 50 steps and at the end.
 */
const ADAPTERS: AdapterKind[] = ['linear', 'lowrank', 'orthogonal'];

export const trainBench: Bench = {
  name: 'train',
  async run(): Promise<Figures> {
    const figures: Figures = {};
    for (const dim of [384, 768]) {
      const { set, base } = await syntheticSet(1000, dim, 7);
      // The figures say "1 hard negative": mine it, as `xlens train` does by default.
      set.hard = await mineHardNegatives(set, base, { count: 1, window: [50, 100], seed: 0 });
      for (const loss of LOSS_KINDS) {
        for (const adapter of ADAPTERS) {
          const rate = await stepsPerSecond(set, base, loss, adapter);
          figures[`train.${loss}.${adapter}.d${dim}.steps_per_sec`] = {
            value: +rate.toFixed(1),
            unit: 'steps/s',
            better: 'higher',
            target: loss !== 'mimo' && adapter === 'linear' && dim === 384 ? 15 : undefined,
            note: `batch 64, 1 mined hard negative, float32 (${adapter}${adapter === 'lowrank' ? ' r = 16' : ''}); 2 cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} after the run`,
          };
        }
      }
    }
    figures['train.2800x3.seconds'] = await fullRun();
    return figures;
  },
};

async function stepsPerSecond(set: TrainingSet, base: Matrix, loss: LossKind, adapter: AdapterKind): Promise<number> {
  const times: number[] = [];
  await train({ set, base }, config(loss, adapter, 2), { onEvent: (e) => e.type === 'step' && times.push(performance.now()) });
  const skip = 3;
  return (times.length - 1 - skip) / ((times[times.length - 1] - times[skip]) / 1000);
}

function config(loss: LossKind, adapter: AdapterKind, epochs: number): TrainConfig {
  return { adapter: { kind: adapter }, loss: lossConfig(loss), epochs, batchSize: 64, lr: 1e-4, weightDecay: 0.01, warmup: 0.1, seed: 0, evalEvery: 0 };
}

async function fullRun() {
  const dim = 768;
  const { set, base, heldOut, table } = await syntheticSet(2800, dim, 11);
  const encoder = tableInfoEncoder(dim);
  const t = performance.now();
  set.hard = await mineHardNegatives(set, base, { count: 1, window: [50, 100], seed: 0 });
  const r = await train(
    { set, base, validation: { corpus: heldOut, langs: ['de'], pivot: 'en', table, info: encoder.info } },
    { ...config('jsd', 'linear', 3), evalEvery: 50 },
  );
  return {
    value: seconds(t),
    unit: 's',
    better: 'lower' as const,
    target: 60,
    note: `d = ${dim}, ${set.examples.length} pairs, ${r.steps} steps, mining + training + ${r.history.length} validation evaluations of ${heldOut.queries.length} questions`,
  };
}

/** `pairs` English–German examples over passages of 5 questions each, plus a held-out corpus of 1,190 questions. */
async function syntheticSet(pairs: number, dim: number, seed: number) {
  const next = rng(seed);
  const b = new TrainingSetBuilder('en');
  for (let i = 0; i < pairs; i++) {
    const g = Math.floor(i / 5);
    b.example('de', `p${g}`, { en: `q${i} en`, L: `q${i} de` }, { en: `p${g} en`, L: `p${g} de` });
  }
  const set = b.build({ kind: 'qa', path: 'synthetic', split: 'synthetic' });
  const base = randomRows(set.texts.length, dim, next);
  const queries: Query[] = [];
  const docs: Doc[] = [];
  const qrels = new Map<string, Map<string, string[]>>([['en', new Map()], ['de', new Map()]]);
  for (const lang of ['en', 'de']) {
    for (let g = 0; g < 238; g++) docs.push({ id: `${lang}/p${g}`, group: `p${g}`, lang, text: `held ${lang} p${g}` });
    for (let i = 0; i < 1190; i++) {
      queries.push({ id: `${lang}/q${i}`, key: `q${i}`, lang, text: `held ${lang} q${i}` });
      qrels.get(lang)!.set(`q${i}`, [`${lang}/p${Math.floor(i / 5)}`]);
    }
  }
  const heldOut: QACorpus = { kind: 'qa', name: 'synthetic', format: 'xquad', path: 'synthetic', unit: 'passage', languages: [{ code: 'en', label: 'en' }, { code: 'de', label: 'de' }], skipped: [], queries, docs, qrels };
  const table = await EmbeddingTable.encode(randomEncoder(dim, next), corpusTexts(heldOut));
  return { set, base, heldOut, table };
}

function randomRows(rows: number, dim: number, next: () => number): Matrix {
  const m = matrix(rows, dim);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += (m.data[i * dim + t] = gaussian(next)) ** 2;
    for (let t = 0; t < dim; t++) m.data[i * dim + t] /= Math.sqrt(s);
  }
  return m;
}

function tableInfoEncoder(dim: number): Encoder {
  return randomEncoder(dim, rng(1));
}

function randomEncoder(dim: number, next: () => number): Encoder {
  return {
    info: { source: 'random', name: 'random', dim, fingerprint: 'random', settings: {} },
    encode: async (texts) => randomRows(texts.length, dim, next),
    stats: emptyStats,
    dispose: async () => {},
  };
}
