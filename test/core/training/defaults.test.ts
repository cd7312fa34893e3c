import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from '../../../src/cli/args';
import { parseTrainArgs, TRAIN_HELP } from '../../../src/cli/commands/train';
import { TRAIN_DEFAULTS } from '../../../src/core/training/defaults';
import { defaultOptions } from '../../../src/extension/training/defaultOptions';

/** One definition of the training defaults: the CLI, the Training panel's settings and the README agree with it. */
describe('training defaults', () => {
  const parse = (...argv: string[]) => parseTrainArgs(parseArgs(['--data', 'x', '--langs', 'de', ...argv], { values: ['data', 'langs', 'epochs', 'min-steps', 'early-stop'] }, 'train'), '/');

  it('xlens train without options uses TRAIN_DEFAULTS; --epochs alone means exactly those epochs', () => {
    const r = parse();
    for (const k of ['epochs', 'minSteps', 'batchSize', 'lr', 'weightDecay', 'warmup', 'seed', 'evalEvery', 'hardNegatives'] as const) assert.equal(r[k], TRAIN_DEFAULTS[k], k);
    assert.deepEqual(r.earlyStopping, TRAIN_DEFAULTS.earlyStopping);
    assert.deepEqual(r.hardWindow, TRAIN_DEFAULTS.hardWindow);
    assert.equal(parse('--epochs', '10').minSteps, 0);
    assert.equal(parse('--epochs', '10', '--min-steps', '200').minSteps, 200);
    assert.equal(parse('--early-stop', 'off').earlyStopping, undefined);
    assert.match(TRAIN_HELP, new RegExp(`--lr X \\(${TRAIN_DEFAULTS.lr}\\)`));
  });

  it('the Training panel starts from the same values', () => {
    const o = defaultOptions('jsd', 'linear', ['de']);
    for (const k of ['epochs', 'minSteps', 'batchSize', 'lr', 'evalEvery', 'validationFraction', 'hardNegatives'] as const) assert.equal(o[k], TRAIN_DEFAULTS[k], k);
    assert.deepEqual(o.earlyStopping, TRAIN_DEFAULTS.earlyStopping);
  });

  it('the README quotes them', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const D = TRAIN_DEFAULTS;
    const line = `lr ${D.lr.toExponential().replace('e-', 'e-').replace(/^1e/, '1e')}, batch ${D.batchSize}, at least ${D.minSteps} steps in whole epochs`;
    assert.ok(readme.includes(line), `README should say "${line}"`);
    assert.ok(readme.includes(`every ${D.evalEvery} steps`) && readme.includes(`patience ${D.earlyStopping!.patience}`));
  });
});
