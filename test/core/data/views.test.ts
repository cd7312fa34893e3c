import * as assert from 'node:assert/strict';
import type { ParallelCorpus, QACorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { filterLanguages, inLanguage, languagesOf, passagesAsParallel, questionsAsParallel } from '../../../src/core/data/views';
import { requireSharedData } from '../../support/sharedData';
import { fx, rejectsWith } from './helpers';

describe('corpus views', () => {
  it('turns QA questions and passages into parallel sets', async () => {
    const qa = (await loadCorpus(fx('belebele'))) as QACorpus;
    const qs = questionsAsParallel(qa);
    assert.equal(qs.kind, 'parallel');
    assert.deepEqual(qs.sets[0].languages, ['de', 'en', 'zh']);
    assert.equal(qs.sets[0].sentences.length, 15);
    const ps = passagesAsParallel(qa);
    assert.equal(ps.sets[0].sentences.length, 9);
    assert.equal(new Set(ps.sets[0].sentences.map((s) => s.key)).size, 3);
    const r = (await loadCorpus(fx('xquad-r-mini'))) as QACorpus;
    await rejectsWith(() => passagesAsParallel(r), 'not parallel');
  });

  it('filters languages (QA and parallel), checking they exist', async () => {
    const qa = (await loadCorpus(fx('belebele'))) as QACorpus;
    const en = filterLanguages(qa, ['eng_Latn']);
    assert.deepEqual(languagesOf(en), ['en']);
    assert.ok(en.queries.every((q) => q.lang === 'en') && en.docs.every((d) => d.lang === 'en'));
    assert.deepEqual([...en.qrels.keys()], ['en']);
    assert.equal(inLanguage(qa.queries, 'zho_Hans').length, 5);
    await rejectsWith(() => filterLanguages(qa, ['fr']), "'fr' (French) not in", 'it has: de, en, zh');
    const fl = (await loadCorpus(fx('flores'))) as ParallelCorpus;
    assert.deepEqual(filterLanguages(fl, ['fr']).sets[0].languages, ['fr']);
  });

  it('bitext view of XQuAD questions: 1,190 keys in 12 languages', async function () {
    const dir = requireSharedData(this, 'xquad');
    const pc = questionsAsParallel((await loadCorpus(dir)) as QACorpus);
    assert.equal(pc.sets[0].sentences.length, 12 * 1190);
    assert.equal(new Set(pc.sets[0].sentences.map((s) => s.key)).size, 1190);
  });

  it('drops Tatoeba pairs that lose their other language', async function () {
    const dir = requireSharedData(this, 'tatoeba');
    const t = (await loadCorpus(dir, { langs: 'de,fr' })) as ParallelCorpus;
    const de = filterLanguages(t, ['de', 'en']);
    assert.deepEqual(de.sets.map((s) => s.name), ['deu-eng']);
  });
});
