import * as assert from 'node:assert/strict';
import type { QACorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { requireSharedData } from '../../support/sharedData';
import { fx } from './helpers';

/** PROVENANCE.md: candidate sentences per language. */
const POOL: Record<string, number> = { ar: 1222, de: 1276, el: 1234, en: 1180, es: 1215, hi: 1244, ru: 1219, th: 852, tr: 1167, vi: 1209, zh: 1196 };

describe('XQuAD-R loader (real data)', function () {
  let qa: QACorpus;
  before(async function () {
    const dir = requireSharedData(this, 'xquad-r');
    qa = (await loadCorpus(dir)) as QACorpus;
  });

  it('has 13,014 sentences with the published per-language pool sizes', () => {
    assert.equal(qa.format, 'xquad-r');
    assert.equal(qa.unit, 'sentence');
    assert.equal(qa.docs.length, 13014);
    assert.deepEqual(qa.languages.map((l) => l.code), Object.keys(POOL));
    for (const [l, n] of Object.entries(POOL)) assert.equal(qa.docs.filter((d) => d.lang === l).length, n, l);
    assert.equal(qa.skipped.length, 0);
  });

  it('has 1,190 questions per language, each with exactly one answer sentence per language', () => {
    const groupOf = new Map(qa.docs.map((d) => [d.id, d.group]));
    for (const l of Object.keys(POOL)) {
      const rel = qa.qrels.get(l);
      assert.equal(rel?.size, 1190, l);
      assert.equal(qa.queries.filter((q) => q.lang === l).length, 1190, l);
      for (const [key, ids] of rel ?? []) {
        assert.equal(ids.length, 1, `${l} ${key}`);
        assert.equal(groupOf.get(ids[0]), groupOf.get(qa.qrels.get('en')?.get(key)?.[0] ?? ''), `${l} ${key}: same paragraph as en`);
      }
    }
  });

  it('picks the sentence containing answer_start', () => {
    const en = qa.qrels.get('en')?.get('56beb4343aeaaa14008c925b')?.[0];
    const doc = qa.docs.find((d) => d.id === en);
    assert.equal(doc?.id, 'en/p0.s0');
    assert.match(doc?.text ?? '', /308 points/);
  });
});

describe('XQuAD-R loader (fixture)', () => {
  it('ids sentences by paragraph and index', async () => {
    const qa = (await loadCorpus(fx('xquad-r-mini'))) as QACorpus;
    assert.deepEqual(qa.docs.map((d) => d.id), ['en/p0.s0', 'en/p0.s1']);
    assert.deepEqual(qa.qrels.get('en')?.get('q2'), ['en/p0.s1']);
  });
});
