import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ParallelCorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { requireSharedData } from '../../support/sharedData';

describe('Tatoeba loader (real data)', function () {
  let dir: string;
  let tat: ParallelCorpus;
  before(async function () {
    dir = requireSharedData(this, 'tatoeba');
    tat = (await loadCorpus(dir)) as ParallelCorpus;
  });

  it('has 112 pairs, one set each, plus English', () => {
    assert.equal(tat.format, 'tatoeba');
    assert.equal(tat.sets.length, 112);
    assert.equal(tat.languages.length, 113);
    assert.ok(tat.sets.every((s) => /^[a-z]{3}-eng$/.test(s.name) && s.languages.length === 2 && s.languages[1] === 'en'));
    assert.equal(tat.skipped.length, 0);
  });

  it('aligns line i with line i (deu-eng: 1,000 pairs, ang-eng: 134)', () => {
    const deu = tat.sets.find((s) => s.name === 'deu-eng');
    assert.ok(deu);
    assert.deepEqual(deu.languages, ['de', 'en']);
    assert.equal(deu.sentences.length, 2000);
    const d5 = deu.sentences.find((s) => s.id === 'deu-eng/de/5');
    const e5 = deu.sentences.find((s) => s.id === 'deu-eng/en/5');
    assert.equal(d5?.key, '5');
    assert.equal(e5?.key, '5');
    assert.equal(e5?.source?.file, path.join(dir, 'tatoeba.deu-eng.eng'));
    assert.equal(tat.sets.find((s) => s.name === 'ang-eng')?.sentences.length, 268);
    assert.deepEqual(tat.sets.find((s) => s.name === 'cmn-eng')?.languages, ['zh', 'en']);
  });

  it('selects pairs by their non-English language', async () => {
    const two = (await loadCorpus(dir, { langs: ['de', 'fra', 'en'] })) as ParallelCorpus;
    assert.deepEqual(two.sets.map((s) => s.name), ['deu-eng', 'fra-eng']);
    assert.deepEqual(two.languages.map((l) => l.code).sort(), ['de', 'en', 'fr']);
  });
});
