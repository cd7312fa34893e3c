/**
 * The shipped training defaults: one definition, imported by the CLI (`xlens train`), the
 * extension's Train command and its Training panel, and quoted by the README.
 *
 * They are made for what XLens trains: a small adapter over frozen embeddings, on 500–3,000
 * parallel examples (XQuAD's 24 training articles give ~600 per language). With lr 1e-4 and three
 * epochs such a set gets ~30 optimiser steps, which barely moves the vectors (planted-bias XQuAD
 * de: Max@R 22.5 → 17.8). So: lr 1e-3, and at least `minSteps` steps (whole epochs, as many as
 * that takes: ~50 epochs of 600 examples, ~11 of 3,000), with early stopping on a validation
 * split carved from the training articles, which also picks the step that is saved.
 */
export const TRAIN_DEFAULTS: Readonly<TrainDefaults> = {
  /** Whole passes over the training examples; more when `minSteps` needs them. */
  epochs: 3,
  /** Train at least this many optimiser steps (rounded up to whole epochs); 0 = exactly `epochs`. */
  minSteps: 500,
  batchSize: 64,
  /** Peak learning rate (AdamW, linear warm-up then cosine decay). */
  lr: 1e-3,
  weightDecay: 0.01,
  warmup: 0.1,
  seed: 0,
  /** Validation evaluation every N steps (and before the first, and after the last). */
  evalEvery: 25,
  /** Stop when validation Max@R has not improved for 6 evaluations (150 steps); keep the best step. */
  earlyStopping: { metric: 'bilingual.Max@R', patience: 6 },
  /** Share of the training articles (passages, sentences) set aside for validation. */
  validationFraction: 0.2,
  hardNegatives: 1,
  hardWindow: [50, 100],
};

export interface TrainDefaults {
  epochs: number;
  minSteps: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  warmup: number;
  seed: number;
  evalEvery: number;
  earlyStopping: { metric: string; patience: number } | undefined;
  validationFraction: number;
  hardNegatives: number;
  hardWindow: [number, number];
}

/** The patience `--early-stop METRIC` gets when `--patience` is not given. */
export const DEFAULT_PATIENCE = 6;
