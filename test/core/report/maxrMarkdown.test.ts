import * as assert from 'node:assert/strict';
import { BILINGUAL_TIE_NOTE } from '../../../src/core/report/definitions';
import { maxrFigures } from '../../../src/core/report/maxrFigures';
import { maxrColumns, renderMaxrMarkdown } from '../../../src/core/report/maxrMarkdown';
import { rec, report } from './fixtures';

describe('Max@R Markdown', () => {
  const v = { queries: 2, 'Max@R': 3, 'Max@R.median': 3, 'nMax@R': 0.125, 'Complete@2': 0.5, 'Complete@5': 1, 'Complete@10': 1, EIR: 0.5, SIR: 0, mAP: 0.75 };
  const r = report({ byLanguage: { de: v }, overall: v, perQuery: [rec('de/q1', 'de+en', [1, 2], 10), rec('de/q2', 'de+en', [1, 4], 10)] });

  it('lists the Max@R columns the report has', () => {
    assert.deepEqual(maxrColumns(r), ['queries', 'Max@R', 'Max@R.median', 'nMax@R', 'Complete@2', 'Complete@5', 'Complete@10', 'EIR', 'SIR']);
  });

  it('inserts the Max@R section before the definitions', () => {
    const md = renderMaxrMarkdown(r, maxrFigures(r));
    const sec = md.indexOf('## Max@R');
    assert.ok(sec > md.indexOf('## Every metric'));
    assert.ok(sec < md.indexOf('## Definitions'));
    assert.match(md, /\| de \| 2 \| 3\.0 \| 3\.0 \| 0\.125 \| 0\.500 \|/);
    assert.match(md, /\| lang \| K=2 \| K=3 \| K=5 \| K=10 \|/);
    assert.match(md, /\| all \| 0\.500 \| 0\.500 \| 1\.000 \| 1\.000 \|/);
    assert.match(md, /### MaxRank histogram/);
  });

  it('states the bilingual tie order beside EIR/SIR, in the headline and in the Max@R section', () => {
    const md = renderMaxrMarkdown(r, maxrFigures(r));
    const notes = md.split('\n').filter((l) => l === BILINGUAL_TIE_NOTE);
    assert.equal(notes.length, 2);
    assert.match(BILINGUAL_TIE_NOTE, /L documents precede the pivot documents/);
    const mono = report({ scenario: 'mono', pivot: undefined, byLanguage: { de: v }, overall: v });
    assert.ok(!renderMaxrMarkdown(mono, maxrFigures(mono)).includes(BILINGUAL_TIE_NOTE));
  });

  it('states the stored pool sizes', () => {
    assert.match(renderMaxrMarkdown(report({ ...r, pools: { 'de+en': 10 } }), maxrFigures(r)), /- pool size \(documents ranked per query\): 10\n/);
    assert.match(renderMaxrMarkdown(report({ ...r, pools: { 'de+en': 10, 'zh+en': 12 } }), maxrFigures(r)), /: de\+en 10, zh\+en 12\n/);
  });

  it('shows Max@R.censored as a share', () => {
    const c = report({ byLanguage: { de: { ...v, 'Max@R.censored': 0.25 } }, overall: { ...v, 'Max@R.censored': 0.25 } });
    assert.ok(maxrColumns(c).includes('Max@R.censored'));
    assert.match(renderMaxrMarkdown(c, maxrFigures(c)), /\| de \| 2 \| 3\.0 \| 3\.0 \| 0\.250 \|/);
  });
});
