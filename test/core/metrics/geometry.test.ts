import * as assert from 'node:assert/strict';
import { alignment, languageSeparability, uniformity } from '../../../src/core/metrics/geometry';
import { matrix, normalizeRows } from '../../../src/core/vectors';

describe('geometry metrics (SPEC §4)', () => {
  it('alignment is 0 for identical pairs and 2 for orthogonal unit vectors', () => {
    const x = matrix(2, 2, Float32Array.from([1, 0, 0, 1]));
    assert.equal(alignment(x, x), 0);
    const y = matrix(2, 2, Float32Array.from([0, 1, 1, 0]));
    assert.ok(Math.abs(alignment(x, y) - 2) < 1e-6);
  });

  it('uniformity: antipodal points are more uniform than collapsed ones', () => {
    const spread = matrix(2, 1, Float32Array.from([1, -1]));
    assert.ok(Math.abs(uniformity(spread) - -8) < 1e-9); // log exp(-2·4)
    const collapsed = matrix(3, 2, Float32Array.from([1, 0, 1, 0, 1, 0]));
    assert.equal(uniformity(collapsed), 0);
  });

  it('language separability: 1 for clustered languages, chance-like for mixed ones', async () => {
    const rows = [1, 0.1, 1, -0.1, 0.9, 0, -1, 0.1, -1, -0.1, -0.9, 0];
    const clustered = normalizeRows(matrix(6, 2, Float32Array.from(rows)));
    for (const backend of ['ts', 'ort'] as const) {
      assert.equal((await languageSeparability(clustered, [0, 0, 0, 1, 1, 1], 2, { backend })).accuracy, 1);
      const mixed = await languageSeparability(clustered, [0, 1, 0, 1, 0, 1], 2, { backend });
      assert.ok(mixed.accuracy <= 0.5, `mixed accuracy ${mixed.accuracy}`);
    }
  });
});
