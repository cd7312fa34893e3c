import assert from 'node:assert/strict';
import { RAMP_STEPS, badValue, logPosition, logTicks, outcomeColouring } from '../../webview/projection/colouring';

describe('webview projection colouring by outcome', () => {
  it('MaxRank: a log ramp from 1 to the largest value; points without a value on their own entry', () => {
    const values = Float32Array.from([1, 10, 100, NaN, 1000]);
    const c = outcomeColouring({ name: 'MaxRank', scale: 'log' }, values);
    assert.equal(c.ramp!.max, 1000);
    assert.deepEqual(c.ramp!.ticks, [1, 10, 100, 1000]);
    // log10 spacing: 1 → first step, 1000 → last, 10 and 100 at one and two thirds.
    assert.deepEqual([...c.index], [0, 5, 10, RAMP_STEPS, RAMP_STEPS - 1]);
    assert.equal(c.noneSlot, RAMP_STEPS);
    assert.deepEqual(c.classes.map((k) => [k.key, k.count]), [['none', 1]]);
    assert.equal(c.palette.length, RAMP_STEPS + 1);
    assert.equal(logPosition(31.6, 1000).toFixed(2), '0.50');
    assert.deepEqual(logTicks(1), [1]);
  });

  it('yes/no outcomes: two classes with counts, the bad value in the warning colour', () => {
    const values = Float32Array.from([1, 0, 1, NaN]);
    const eir = outcomeColouring({ name: 'EIR', scale: 'binary', levels: ['not inclined', 'inclined'] }, values);
    assert.deepEqual(eir.classes.map((k) => [k.label, k.count]), [['not inclined', 1], ['inclined', 2], ['no value', 1]]);
    assert.deepEqual([...eir.index], [1, 0, 1, 2]);
    assert.equal(badValue('EIR'), 1);
    assert.equal(badValue('Success@10'), 0);
    assert.match(eir.palette[1], /orange/);
    const s10 = outcomeColouring({ name: 'Success@10', scale: 'binary', levels: ['miss', 'hit'] }, values);
    assert.match(s10.palette[0], /orange/, 'a miss is the bad value');
  });
});
