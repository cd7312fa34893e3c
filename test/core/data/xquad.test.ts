import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { QACorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { requireSharedData } from '../../support/sharedData';
import { rejectsWith } from './helpers';

const LANGS = 'ar de el en es hi ro ru th tr vi zh'.split(' ');

describe('XQuAD loader (real data)', function () {
  let dir: string;
  let qa: QACorpus;
  before(async function () {
    dir = requireSharedData(this, 'xquad');
    const c = await loadCorpus(dir);
    assert.equal(c.kind, 'qa');
    qa = c as QACorpus;
  });

  it('has 12 languages × 240 paragraphs and 1,190 questions', () => {
    assert.equal(qa.format, 'xquad');
    assert.equal(qa.unit, 'passage');
    assert.deepEqual(qa.languages.map((l) => l.code), LANGS);
    assert.equal(qa.docs.length, 12 * 240);
    assert.equal(qa.queries.length, 12 * 1190);
    assert.equal(qa.skipped.length, 0);
    for (const l of LANGS) {
      assert.equal(qa.docs.filter((d) => d.lang === l).length, 240, l);
      assert.equal(qa.qrels.get(l)?.size, 1190, l);
    }
  });

  it('keeps the article of every passage (48 articles, the same in every language) for train/eval splits', () => {
    const articleOf = (l: string) => qa.docs.filter((d) => d.lang === l).map((d) => `${d.group}:${d.article}`);
    assert.equal(new Set(qa.docs.map((d) => d.article)).size, 48);
    for (const l of LANGS) assert.deepEqual(articleOf(l), articleOf('en'), l);
  });

  it('keys questions by id and passages by position, identically in every language', () => {
    const de = qa.queries.find((q) => q.lang === 'de' && q.key === '56beb4343aeaaa14008c925b');
    assert.ok(de);
    assert.equal(de.id, 'de/56beb4343aeaaa14008c925b');
    assert.equal(de.text, 'Wie viele Punkte gab die Verteidigung der Panthers ab?');
    assert.equal(de.source?.file, path.join(dir, 'xquad.de.json'));
    assert.ok((de.source?.line ?? 0) > 1);
    assert.deepEqual(qa.qrels.get('de')?.get(de.key), ['de/p0']);
    for (const l of LANGS) assert.deepEqual(qa.qrels.get(l)?.get(de.key), [`${l}/p0`]);
    const doc = qa.docs.find((d) => d.id === 'th/p17');
    assert.equal(doc?.group, 'p17');
  });

  it('loads a single file and restricts languages (any spelling)', async () => {
    const one = (await loadCorpus(path.join(dir, 'xquad.ro.json'))) as QACorpus;
    assert.deepEqual(one.languages, [{ code: 'ro', label: 'ro' }]);
    assert.equal(one.queries.length, 1190);
    const two = (await loadCorpus(dir, { langs: ['deu_Latn', 'zho_Hans'] })) as QACorpus;
    assert.deepEqual(two.languages.map((l) => l.code), ['de', 'zh']);
    assert.equal(two.docs.length, 480);
  });

  it('rejects an unknown requested language, listing what the corpus has', async () => {
    await rejectsWith(loadCorpus(dir, { langs: 'de,jpn' }), "'ja' (Japanese) not in", 'it has: ar, de, el');
  });
});
