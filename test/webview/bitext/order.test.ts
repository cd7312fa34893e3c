import * as assert from 'node:assert/strict';
import { languageDisplay } from '../../../src/core/data/languageNames';
import type { BitextFigures } from '../../../src/protocol';
import { filterLanguages, heatRows, sortLanguages } from '../../../webview/bitext/order';

const langs = [languageDisplay('de', 'deu_Latn'), languageDisplay('ace-Arab', 'ace_Arab'), languageDisplay('ru', 'rus_Cyrl'), languageDisplay('ar', 'arb_Arab')];
const figures = {
  bars: [
    { code: 'de', asSource: 0.5, asTarget: 0.5, sourceCount: 1, targetCount: 1 },
    { code: 'ace-Arab', asSource: NaN, asTarget: NaN, sourceCount: 0, targetCount: 0 },
    { code: 'ru', asSource: 0.9, asTarget: 0.1, sourceCount: 1, targetCount: 1 },
    { code: 'ar', asSource: 0.2, asTarget: 0.3, sourceCount: 1, targetCount: 1 },
  ],
} as unknown as BitextFigures;

describe('webview/bitext/order', () => {
  it('filters by code, corpus spelling, name or script name', () => {
    assert.deepEqual(filterLanguages(langs, 'ARAB').map((l) => l.label), ['ace_Arab', 'arb_Arab']);
    assert.deepEqual(filterLanguages(langs, 'german').map((l) => l.label), ['deu_Latn']);
    assert.deepEqual(filterLanguages(langs, 'cyrillic').map((l) => l.label), ['rus_Cyrl']);
    assert.equal(filterLanguages(langs, '  ').length, 4);
  });

  it('sorts by accuracy (no value last), by name, or keeps corpus order', () => {
    assert.deepEqual(sortLanguages(langs, 'accuracy', figures).map((l) => l.code), ['ru', 'de', 'ar', 'ace-Arab']);
    assert.deepEqual(sortLanguages(langs, 'name', figures).map((l) => l.name), ['Acehnese (Arabic script)', 'Arabic', 'German', 'Russian']);
    assert.deepEqual(sortLanguages(langs, 'corpus', figures), langs);
  });

  it('groups by script under header rows, groups by script name', () => {
    const rows = heatRows(langs, true);
    assert.deepEqual(
      rows.map((r) => (r.kind === 'group' ? `[${r.label} ${r.count}]` : r.lang.label)),
      ['[Arabic (Arab) 2]', 'ace_Arab', 'arb_Arab', '[Cyrillic (Cyrl) 1]', 'rus_Cyrl', '[Latin (Latn) 1]', 'deu_Latn'],
    );
    assert.equal(heatRows(langs, false).length, 4);
  });
});
