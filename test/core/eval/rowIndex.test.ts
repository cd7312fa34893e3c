import * as assert from 'node:assert/strict';
import { RowIndex } from '../../../src/core/eval/rowIndex';

describe('eval/RowIndex', () => {
  it('answers like the Map of unit → row it replaces, and iterates in row order', () => {
    const units = [7, 3, 12, 4, 100];
    const index = new RowIndex(units);
    const map = new Map(units.map((u, r) => [u, r]));
    assert.equal(index.size, map.size);
    for (let u = -2; u < 110; u++) {
      assert.equal(index.get(u), map.get(u), `unit ${u}`);
      assert.equal(index.has(u), map.has(u));
    }
    assert.deepEqual([...index.keys()], [...map.keys()]);
    assert.deepEqual([...index], [...map]);
  });

  it('is empty without units', () => {
    const index = new RowIndex([]);
    assert.equal(index.size, 0);
    assert.equal(index.get(0), undefined);
    assert.deepEqual([...index], []);
  });
});
