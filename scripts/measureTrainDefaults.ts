/**
 * Before → after of the training defaults on planted-bias XQuAD de (the experiment of issue 8):
 * the real XQuAD structure (48 articles, 240 passages, 1,190 questions) with the planted English
 * inclination of test/core/training/planted.ts, a linear adapter trained with JSD + InfoNCE, and
 * Max@R / EIR of the base model and of the adapter on the held-out test articles.
 *   npx tsx scripts/measureTrainDefaults.ts [dim] [loss] [inclination]
 */
import * as path from 'node:path';
import type { QACorpus } from '../src/core/data/corpus';
import { loadCorpus } from '../src/core/data/load';
import { qaTrainingData } from '../src/core/training/data';
import { TRAIN_DEFAULTS } from '../src/core/training/defaults';
import type { LossKind } from '../src/core/training/losses';
import { prepare, type TrainRequest } from '../src/core/training/trainJob';
import { train } from '../src/core/training/trainer';
import { stubEncoder } from '../test/support/stubEncoder';
import { plantedOn } from '../test/core/training/planted';

async function main(): Promise<void> {
  const dim = Number(process.argv[2] ?? 384);
  const loss = (process.argv[3] ?? 'jsd') as LossKind;
  const xquad = (await loadCorpus(path.resolve(__dirname, '..', '..', 'shared', 'data', 'xquad'), { langs: ['en', 'de'] })) as QACorpus;
  const inclination = process.argv[4] ? Number(process.argv[4]) : undefined;
  const { corpus, vectors } = plantedOn(xquad, { dim, ...(inclination !== undefined ? { inclination } : {}) });
  const encoder = stubEncoder(vectors);
  const D = TRAIN_DEFAULTS;
  const common = { data: 'xquad', model: 'stub', langs: ['de'], pivot: 'en', loss, adapter: 'linear' as const, out: '', cwd: '', hardNegatives: D.hardNegatives, hardWindow: D.hardWindow };
  const runs: Array<[string, Partial<TrainRequest>]> = [
    // The old shipped defaults: no validation split (all 24 training articles trained on), lr 1e-4, 3 epochs.
    ['old defaults (lr 1e-4, 3 epochs, batch 64)', { epochs: 3, minSteps: 0, batchSize: 64, lr: 1e-4, weightDecay: 0.01, warmup: 0.1, seed: 0, evalEvery: 50, validationFraction: 0 }],
    ['new defaults', { ...D }],
  ];
  for (const [name, over] of runs) {
    const req = { ...common, ...over } as TrainRequest;
    const split = qaTrainingData(corpus, { langs: ['de'], pivot: 'en', seed: req.seed, validationFraction: req.validationFraction });
    const t0 = performance.now();
    const { input, config } = await prepare(req, split, encoder, { openEncoder: async () => encoder });
    const r = await train(input, config);
    const s = (performance.now() - t0) / 1000;
    const [b, a] = [r.test!.base.overall, r.test!.trained.overall];
    console.log(
      `${name} [${loss}, d=${dim}]: ${split.train.examples.length} examples, ${r.steps}/${r.totalSteps} steps (${r.reason}, kept step ${r.keptStep}), ${s.toFixed(1)} s; ` +
        `${split.splits.test}: Max@R ${b['bilingual.Max@R'].toFixed(2)} → ${a['bilingual.Max@R'].toFixed(2)}, EIR ${b['bilingual.EIR'].toFixed(3)} → ${a['bilingual.EIR'].toFixed(3)}, ` +
        `mono nDCG@10 ${b['mono.nDCG@10'].toFixed(3)} → ${a['mono.nDCG@10'].toFixed(3)}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
