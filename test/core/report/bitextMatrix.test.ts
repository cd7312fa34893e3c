import * as assert from 'node:assert/strict';
import { bitextFigures } from '../../../src/core/report/bitextFigures';
import { bitextMatrix, bitextMatrixCsv, bitextMatrixJson, bitextMatrixMarkdown } from '../../../src/core/report/bitextMatrix';
import type { BitextReport } from '../../../src/core/report/schema';

function report(pairs: BitextReport['pairs'], matrix: 'pivot' | 'all'): BitextReport {
  return {
    tool: 'xlens',
    version: '0',
    createdAt: '2026-01-01T00:00:00Z',
    kind: 'bitext',
    dataset: { name: 'hand', path: 'x', format: 'flores', languages: [{ code: 'en', label: 'eng_Latn' }, { code: 'ace-Arab', label: 'ace_Arab' }, { code: 'de', label: 'deu_Latn' }], skipped: 0 },
    model: { source: 's', name: 's', dim: 2, fingerprint: 'f', settings: {} } as BitextReport['model'],
    definitions: { BitextAcc: 'Bitext mining accuracy L→M.' },
    pairs,
    byLanguage: {},
    overall: {},
    timings: {},
    notes: [],
    pivot: 'en',
    matrix,
    pairLanguages: Object.fromEntries(Object.keys(pairs).map((k) => [k, { source: k.startsWith('ace-Arab') ? 'ace-Arab' : k.split('-')[0], target: k.slice(k.startsWith('ace-Arab') ? 9 : 3) }])),
  };
}

describe('report/bitextMatrix', () => {
  const all = report(
    {
      'ace-Arab-en': { pairs: 10, BitextAcc: 0.2, 'BitextAcc.reverse': 0.4, 'BitextAcc.margin': 0.3, 'BitextAcc.margin.reverse': 0.5 },
      'de-en': { pairs: 10, BitextAcc: 0.9, 'BitextAcc.reverse': 0.7 },
      'ace-Arab-de': { pairs: 10, BitextAcc: 0.1, 'BitextAcc.reverse': NaN },
    },
    'all',
  );

  it('puts source languages in rows and targets in columns, both directions of every pair', () => {
    const m = bitextMatrix(all, bitextFigures(all));
    assert.deepEqual(m.languages.map((l) => l.code), ['en', 'ace-Arab', 'de']);
    assert.deepEqual(m.values, [
      [null, 0.4, 0.7],
      [0.2, null, 0.1],
      [0.9, null, null], // de→ace-Arab was NaN: not a number in the matrix
    ]);
    assert.equal(m.pairs, 'all');
    const margin = bitextMatrix(all, bitextFigures(all), 'margin');
    assert.equal(margin.values[1][0], 0.3);
    assert.equal(margin.values[0][1], 0.5);
    assert.equal(margin.values[2][0], null); // de-en has no margin figure
  });

  it('leaves the directions a pivot-centred run did not mine empty', () => {
    const pivot = report({ 'ace-Arab-en': { pairs: 10, BitextAcc: 0.2, 'BitextAcc.reverse': 0.4 }, 'de-en': { pairs: 10, BitextAcc: 0.9, 'BitextAcc.reverse': 0.7 } }, 'pivot');
    const m = bitextMatrix(pivot, bitextFigures(pivot));
    assert.equal(m.values[1][2], null);
    assert.equal(m.values[2][1], null);
    assert.equal(m.sentences[1][2], null);
    assert.equal(m.sentences[1][0], 10);
  });

  it('renders Markdown, CSV and JSON with names, "–" or empty cells, never NaN', () => {
    const m = bitextMatrix(all, bitextFigures(all));
    const md = bitextMatrixMarkdown(m, 'hand <b>');
    assert.match(md, /^# hand &lt;b&gt;/);
    assert.match(md, /\| \*\*ace-Arab\*\* \| Acehnese \(Arabic script\) \| 0\.200 \| – \| 0\.100 \|/);
    assert.match(md, /\| \*\*de\*\* \| German \| 0\.900 \| – \| – \|/);
    assert.ok(!/NaN/.test(md));
    const csv = bitextMatrixCsv(m).split('\r\n');
    assert.equal(csv[0], 'source,source_name,en,ace-Arab,de');
    assert.equal(csv[1], 'en,English,,0.4,0.7');
    assert.equal(csv[3], 'de,German,0.9,,');
    const json = JSON.parse(bitextMatrixJson(m));
    assert.deepEqual(json.values, m.values);
    assert.deepEqual(json.languages[1], { code: 'ace-Arab', name: 'Acehnese (Arabic script)' });
    assert.equal(json.metric, 'accuracy');
  });
});
