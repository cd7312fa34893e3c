import * as assert from 'node:assert/strict';
import { csvField, csvRecord, metricKeysOf, reportCsv, toCsv } from '../../../src/core/report/csv';
import { report } from './fixtures';

describe('CSV (RFC 4180)', () => {
  it('leaves plain fields alone and quotes commas, quotes, CR and LF', () => {
    assert.equal(csvField('de'), 'de');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
    assert.equal(csvField(''), '');
  });

  it('writes numbers at full precision and leaves missing or non-finite values empty', () => {
    assert.equal(csvField(0.1 + 0.2), '0.30000000000000004');
    assert.equal(csvField(3), '3');
    assert.equal(csvField(undefined), '');
    assert.equal(csvField(NaN), '');
    assert.equal(csvField(Infinity), '');
  });

  it('ends every record, the last one too, with CRLF', () => {
    assert.equal(csvRecord(['a', 1, undefined, 'x"y']), 'a,1,,"x""y"');
    assert.equal(toCsv([['h1', 'h2'], ['1', '2']]), 'h1,h2\r\n1,2\r\n');
  });

  it('puts headline metrics first and writes one row per language plus overall', () => {
    const r = report({
      byLanguage: { de: { queries: 2, 'Max@R': 3.5, mAP: 0.5, 'Extra,metric': 1 } },
      overall: { queries: 2, 'Max@R': 3.5, mAP: 0.5, 'Extra,metric': 1 },
    });
    assert.deepEqual(metricKeysOf(r), ['mAP', 'Max@R', 'Extra,metric']);
    assert.equal(reportCsv(r), 'lang,queries,mAP,Max@R,"Extra,metric"\r\nde,2,0.5,3.5,1\r\noverall,2,0.5,3.5,1\r\n');
  });

  it('adds a doc_lang column and one row per matrix cell for cross runs', () => {
    const cell = (v: number) => ({ queries: 1, mAP: v });
    const r = report({
      scenario: 'cross',
      pivot: undefined,
      byLanguage: { de: cell(0.25), en: cell(0.75) },
      overall: { queries: 2, mAP: 0.5 },
      matrix: { de: { de: cell(1), en: cell(0.25) }, en: { de: cell(0.75), en: cell(1) } },
    });
    const lines = reportCsv(r).split('\r\n');
    assert.equal(lines[0], 'lang,doc_lang,queries,mAP');
    assert.equal(lines[1], 'de,,1,0.25');
    assert.equal(lines[3], 'overall,,2,0.5');
    assert.equal(lines[5], 'de,en,1,0.25');
    assert.equal(lines.length, 9); // header + 2 langs + overall + 4 cells + final empty string
  });
});
