import * as assert from 'node:assert/strict';
import type { ParallelCorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { requireSharedData } from '../../support/sharedData';
import { fx, rejectsWith } from './helpers';

describe('SIB-200 loader (real data)', function () {
  let dir: string;
  let sib: ParallelCorpus;
  before(async function () {
    dir = requireSharedData(this, 'flores200-sib');
    const t = performance.now();
    sib = (await loadCorpus(dir)) as ParallelCorpus;
    console.log(`      (loaded 205 SIB-200 languages in ${((performance.now() - t) / 1000).toFixed(2)} s)`);
  });

  it('has 205 languages × 1,004 sentences in one set keyed by index_id', () => {
    assert.equal(sib.format, 'sib200');
    assert.equal(sib.languages.length, 205);
    assert.equal(sib.sets.length, 1);
    const set = sib.sets[0];
    assert.equal(set.name, 'all');
    assert.equal(set.languages.length, 205);
    assert.equal(set.sentences.length, 205 * 1004);
    assert.equal(sib.skipped.length, 0);
    const counts = new Map<string, number>();
    for (const s of set.sentences) counts.set(s.lang, (counts.get(s.lang) ?? 0) + 1);
    assert.ok([...counts.values()].every((n) => n === 1004));
    assert.ok(!sib.languages.some((l) => l.label.endsWith('.zip')), 'nqo_Nkoo.zip is not a language');
  });

  it('keeps categories and labels, unquotes pandas-quoted fields', () => {
    const en = sib.sets[0].sentences.find((s) => s.id === 'en/431');
    assert.equal(en?.category, 'geography');
    assert.match(en?.text ?? '', /^Turkey is encircled by seas/);
    const quoted = sib.sets[0].sentences.find((s) => s.id === 'en/1239');
    assert.equal(quoted?.text.slice(0, 20), '"She’s very cute and');
    assert.deepEqual(sib.languages.find((l) => l.code === 'zh-Hant'), { code: 'zh-Hant', label: 'zho_Hant' });
    const de = sib.sets[0].sentences.find((s) => s.id === 'de/431');
    assert.equal(de?.key, '431');
    assert.equal(de?.category, 'geography');
  });

  it('reads only the requested split and languages', async () => {
    const dev = (await loadCorpus(dir, { split: 'dev', langs: ['eng_Latn', 'fr'] })) as ParallelCorpus;
    assert.deepEqual(dev.languages.map((l) => l.code), ['en', 'fr']);
    assert.equal(dev.sets[0].sentences.length, 2 * 99);
    await rejectsWith(loadCorpus(dir, { split: 'devtest' }), "unknown split 'devtest'", 'train, dev, test');
  });
});

describe('SIB-200 / FLORES loaders (fixtures)', () => {
  it('loads a SIB-style folder, ignoring stray files', async () => {
    const c = (await loadCorpus(fx('sib'))) as ParallelCorpus;
    assert.deepEqual(c.languages.map((l) => l.code), ['de', 'en']);
    assert.equal(c.sets[0].sentences.length, 8);
  });

  it('loads plain FLORES line files, flat or in dev/ and devtest/ folders (key = split:line)', async () => {
    for (const dir of ['flores', 'flores-nested']) {
      const c = (await loadCorpus(fx(dir))) as ParallelCorpus;
      assert.equal(c.format, 'flores');
      assert.deepEqual(c.languages.map((l) => l.code), ['de', 'en', 'fr']);
      const keys = c.sets[0].sentences.filter((s) => s.lang === 'fr').map((s) => s.key);
      assert.deepEqual(keys, ['dev:1', 'dev:2', 'dev:3', 'devtest:1', 'devtest:2']);
      const de2 = c.sets[0].sentences.find((s) => s.id === 'de/dev:2');
      assert.equal(de2?.text, 'Züge fahren stündlich ab.');
    }
    const devtest = (await loadCorpus(fx('flores'), { split: 'devtest' })) as ParallelCorpus;
    assert.equal(devtest.sets[0].sentences.length, 6);
  });
});
