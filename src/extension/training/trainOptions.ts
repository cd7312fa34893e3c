import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HELD_OUT_METRICS } from '../../core/training/heldOut';
import { DEFAULT_PATIENCE } from '../../core/training/defaults';
import type { AdapterKind } from '../../core/training/adapters';
import type { TrainOptions } from './defaultOptions';

export { defaultOptions, type TrainOptions } from './defaultOptions';

interface Field {
  label: string;
  value: (o: TrainOptions) => string;
  detail?: string;
  edit: (o: TrainOptions) => Promise<TrainOptions | undefined>;
  when?: (adapter: AdapterKind) => boolean;
}

const START = '$(play) Start training';

/** Shows the options until the user starts (returns them) or dismisses the pick (undefined). */
export async function pickOptions(initial: TrainOptions, adapter: AdapterKind, checkpointsDir: string): Promise<TrainOptions | undefined> {
  let o = initial;
  const fields = FIELDS.filter((f) => !f.when || f.when(adapter));
  for (;;) {
    const replaces = fs.existsSync(path.join(checkpointsDir, o.name)) ? ' (replaces the existing checkpoint)' : '';
    const items: vscode.QuickPickItem[] = [
      { label: START, description: `${length(o)}, lr ${o.lr.toExponential(0)}, batch ${o.batchSize} → .xlens/checkpoints/${o.name}${replaces}` },
      { label: 'settings', kind: vscode.QuickPickItemKind.Separator },
      ...fields.map((f) => ({ label: f.label, description: f.value(o), detail: f.detail })),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'XLens: training settings (choose one to change it)', ignoreFocusOut: true });
    if (!pick) return;
    if (pick.label === START) return o;
    const field = fields.find((f) => f.label === pick.label);
    if (field) o = (await field.edit(o)) ?? o;
  }
}

/** The run's length in words: `at least 500 steps (whole epochs, ≥ 3)` or `3 epochs`. */
function length(o: TrainOptions): string {
  const epochs = `${o.epochs} epoch${o.epochs === 1 ? '' : 's'}`;
  return o.minSteps ? `at least ${o.minSteps} steps (whole epochs, ≥ ${o.epochs})` : epochs;
}

const FIELDS: Field[] = [
  {
    label: 'Minimum steps',
    value: (o) => (o.minSteps ? `${o.minSteps} (in whole epochs)` : 'off: exactly the epochs below'),
    detail: 'Small sets need several hundred steps: epochs are added until this many are reached (0 = off)',
    edit: numberField('minSteps', 'Train at least this many optimiser steps, in whole epochs (0 = exactly the epochs)', intAtLeast(0)),
  },
  { label: 'Epochs', value: (o) => String(o.epochs), detail: 'Passes over the training examples (at least)', edit: numberField('epochs', 'Passes over the training examples', intAtLeast(1)) },
  { label: 'Batch size', value: (o) => String(o.batchSize), detail: 'Examples per step; in-batch passages are the negatives', edit: numberField('batchSize', 'Examples per step (≥ 2)', intAtLeast(2)) },
  { label: 'Learning rate', value: (o) => o.lr.toExponential(0), edit: numberField('lr', 'Peak learning rate (AdamW, warm-up then cosine decay)', (v) => (v > 0 ? undefined : 'must be > 0')) },
  {
    label: 'Validation every',
    value: (o) => (o.evalEvery === 0 ? 'only before and after training' : `${o.evalEvery} steps`),
    detail: 'The curves and early stopping use the validation split; the test split is measured once, at the end',
    edit: numberField('evalEvery', 'Steps between validation evaluations (0 = only before and after)', intAtLeast(0)),
  },
  {
    label: 'Validation share',
    value: (o) => `${o.validationFraction} of the training articles`,
    detail: 'Carved from the training articles (passages, sentences); never the held-out test articles',
    edit: numberField('validationFraction', 'Share of the training units kept for validation (0 = none)', (v) => (v >= 0 && v < 1 ? undefined : 'must be in [0, 1)')),
  },
  {
    label: 'Early stopping',
    value: (o) => (o.earlyStopping ? `on validation ${o.earlyStopping.metric}, patience ${o.earlyStopping.patience}` : 'off'),
    detail: 'Stop when a validation metric stops improving, and keep the best step',
    edit: async (o) => {
      const items = [{ label: 'off' }, ...HELD_OUT_METRICS.map((m) => ({ label: m, description: /Max@R|EIR/.test(m) ? 'lower is better' : 'higher is better' }))];
      const pick = await vscode.window.showQuickPick(items, { title: 'XLens: early stopping on (validation split)' });
      if (!pick) return;
      if (pick.label === 'off') return { ...o, earlyStopping: undefined };
      const patience = await askNumber('Evaluations without improvement before stopping', o.earlyStopping?.patience ?? DEFAULT_PATIENCE, intAtLeast(1));
      return patience === undefined ? undefined : { ...o, earlyStopping: { metric: pick.label, patience } };
    },
  },
  { label: 'Hard negatives', value: (o) => `${o.hardNegatives} per example`, detail: 'Mined with the base model (0 = in-batch negatives only)', edit: numberField('hardNegatives', 'Hard negatives per example', intAtLeast(0)) },
  {
    label: 'Hard-negative ranks',
    value: (o) => `${o.hardWindow[0]}–${o.hardWindow[1]}`,
    edit: async (o) => {
      const v = await vscode.window.showInputBox({
        title: 'XLens: rank window of the mined hard negatives',
        value: `${o.hardWindow[0]}-${o.hardWindow[1]}`,
        validateInput: (s) => (parseWindow(s) ? undefined : 'FROM-TO ranks with 1 ≤ FROM ≤ TO, e.g. 50-100'),
      });
      const w = v === undefined ? undefined : parseWindow(v);
      return w ? { ...o, hardWindow: w } : undefined;
    },
  },
  { label: 'Rank', value: (o) => String(o.rank), when: (a) => a === 'lowrank', edit: numberField('rank', 'Rank r of the low-rank update I + U Vᵀ', intAtLeast(1)) },
  { label: 'Weight decay', value: (o) => String(o.weightDecay), edit: numberField('weightDecay', 'AdamW weight decay', (v) => (v >= 0 ? undefined : 'must be ≥ 0')) },
  { label: 'Warm-up share', value: (o) => String(o.warmup), edit: numberField('warmup', 'Share of the steps spent warming up', (v) => (v >= 0 && v <= 1 ? undefined : 'must be in [0, 1]')) },
  { label: 'Seed', value: (o) => String(o.seed), detail: 'Same seed and data give the same checkpoint', edit: numberField('seed', 'Seed of the split and the shuffling', intAtLeast(0)) },
  {
    label: 'Checkpoint name',
    value: (o) => `.xlens/checkpoints/${o.name}`,
    edit: async (o) => {
      const v = await vscode.window.showInputBox({ title: 'XLens: checkpoint folder name', value: o.name, validateInput: (s) => (validName(s) ? undefined : 'letters, digits and . _ + - only') });
      return v === undefined ? undefined : { ...o, name: v.trim() };
    },
  },
];

type NumericKey = 'epochs' | 'minSteps' | 'batchSize' | 'lr' | 'weightDecay' | 'warmup' | 'seed' | 'evalEvery' | 'hardNegatives' | 'rank' | 'validationFraction';

function numberField(key: NumericKey, prompt: string, check: (v: number) => string | undefined): Field['edit'] {
  return async (o) => {
    const v = await askNumber(prompt, o[key], check);
    return v === undefined ? undefined : { ...o, [key]: v };
  };
}

async function askNumber(prompt: string, current: number, check: (v: number) => string | undefined): Promise<number | undefined> {
  const s = await vscode.window.showInputBox({
    title: `XLens: ${prompt}`,
    value: String(current),
    validateInput: (t) => {
      const v = Number(t);
      return t.trim() === '' || !Number.isFinite(v) ? 'a number' : check(v);
    },
  });
  return s === undefined ? undefined : Number(s);
}

function intAtLeast(min: number): (v: number) => string | undefined {
  return (v) => (Number.isInteger(v) && v >= min ? undefined : `a whole number ≥ ${min}`);
}

export function parseWindow(s: string): [number, number] | undefined {
  const m = /^\s*(\d+)\s*[-–]\s*(\d+)\s*$/.exec(s);
  if (!m || +m[1] < 1 || +m[2] < +m[1]) return;
  return [+m[1], +m[2]];
}

export function validName(s: string): boolean {
  return /^[A-Za-z0-9][\w.+-]*$/.test(s.trim()) && !s.includes('..');
}
