import * as assert from 'node:assert/strict';
import { seriesRows } from '../../../webview/common/dataTable';

describe('webview/common/dataTable seriesRows', () => {
  it('gives one row per x of any series, ascending, one column per series', () => {
    const rows = seriesRows(
      [
        { name: 'total', xs: [1, 2, 3], ys: [0.5, 0.25, 0.125] },
        { name: 'eval', xs: [0, 2], ys: [0.9, 0.8] },
      ],
      String,
      (v) => v.toFixed(2),
    );
    assert.deepEqual(rows, [
      ['0', '–', '0.90'],
      ['1', '0.50', '–'],
      ['2', '0.25', '0.80'],
      ['3', '0.13', '–'],
    ]);
  });

  it('shows a missing or non-finite value as – and never interpolates', () => {
    const rows = seriesRows([{ name: 'a', xs: Float64Array.from([1, 2]), ys: Float64Array.from([NaN, 1]) }], String, String);
    assert.deepEqual(rows, [
      ['1', '–'],
      ['2', '1'],
    ]);
  });

  it('is empty for no points', () => {
    assert.deepEqual(seriesRows([{ name: 'a', xs: [], ys: [] }], String, String), []);
  });
});
