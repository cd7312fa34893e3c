import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { detectFormat } from '../../../src/core/data/detect';
import { loadCorpus } from '../../../src/core/data/load';
import { requireSharedData } from '../../support/sharedData';
import { fx, rejectsWith } from './helpers';

describe('format detection', () => {
  it('detects the real datasets (folders and single files)', function () {
    const root = requireSharedData(this);
    const cases: [string, string][] = [
      ['xquad', 'xquad'], ['xquad/xquad.de.json', 'xquad'], ['xquad-r', 'xquad-r'], ['xquad-r/th.json', 'xquad-r'],
      ['flores200-sib', 'sib200'], ['tatoeba', 'tatoeba'], ['tatoeba/tatoeba.deu-eng.eng', 'tatoeba'],
    ];
    for (const [p, f] of cases) assert.equal(detectFormat(path.join(root as string, p)), f, p);
  });

  it('detects the fixtures', () => {
    const cases: [string, string][] = [
      ['belebele', 'belebele'], ['belebele/deu_Latn.jsonl', 'belebele'], ['flores', 'flores'], ['flores-nested', 'flores'],
      ['sib', 'sib200'], ['generic/long.jsonl', 'jsonl'], ['generic/wide.jsonl', 'jsonl'], ['generic/parallel.csv', 'csv'],
      ['generic/parallel.tsv', 'tsv'], ['xquad-r-mini', 'xquad-r'], ['bad/xquad-ids', 'xquad'],
    ];
    for (const [p, f] of cases) assert.equal(detectFormat(fx(...p.split('/'))), f, p);
  });

  it('says which formats it tried', async () => {
    await rejectsWith(() => detectFormat(fx('bad')), 'cannot detect the dataset format', 'XQuAD', 'Tatoeba', 'Belebele', 'CSV');
    await rejectsWith(() => detectFormat(fx('nope.txt')), 'nope.txt', 'no such file');
  });

  it('honours an explicit format', async () => {
    const c = await loadCorpus(fx('xquad-r-mini'), { format: 'xquad' });
    assert.equal(c.format, 'xquad');
    assert.equal(c.kind === 'qa' && c.unit, 'passage');
    await rejectsWith(loadCorpus(fx('belebele', 'eng_Latn.jsonl'), { format: 'jsonl' }), 'eng_Latn.jsonl:1', 'no language fields');
    await rejectsWith(loadCorpus(fx('generic', 'long.jsonl'), { format: 'tatoeba' }), 'no Tatoeba files');
  });
});
