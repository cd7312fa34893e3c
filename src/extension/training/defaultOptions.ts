import type { AdapterKind } from '../../core/training/adapters';
import { TRAIN_DEFAULTS } from '../../core/training/defaults';
import type { LossKind } from '../../core/training/losses';
import type { TrainRequest, TrainSchedule } from '../../core/training/trainJob';

/**
 * The advanced settings of a training run (the Train command's settings quick pick, see
 * trainOptions.ts), prefilled with the shipped defaults that `xlens train` uses too.
 */
export interface TrainOptions extends Pick<TrainRequest, keyof TrainSchedule | 'hardNegatives' | 'hardWindow' | 'validationFraction'> {
  minSteps: number;
  validationFraction: number;
  rank: number;
  /** Checkpoint folder name under `.xlens/checkpoints/`. */
  name: string;
}

export function defaultOptions(loss: LossKind, adapter: AdapterKind, langs: string[]): TrainOptions {
  return {
    ...TRAIN_DEFAULTS,
    hardWindow: [...TRAIN_DEFAULTS.hardWindow],
    rank: 16,
    name: `${loss}-${adapter}-${langs.join('+')}`,
  };
}

