import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { QACorpus } from '../../../src/core/data/corpus';
import { corpusFingerprint } from '../../../src/core/data/fingerprint';
import { loadCorpus } from '../../../src/core/data/load';

const SAMPLE = path.join(__dirname, '../../../samples/xquad-mini');

describe('data/fingerprint: identity of the scored data', () => {
  it('is stable across loads and changes with one text, one id or one judgement', async () => {
    const a = (await loadCorpus(SAMPLE)) as QACorpus;
    const b = (await loadCorpus(SAMPLE)) as QACorpus;
    const fa = corpusFingerprint(a);
    assert.match(fa, /^[0-9a-f]{16}$/);
    assert.equal(corpusFingerprint(b), fa);

    b.docs[3] = { ...b.docs[3], text: b.docs[3].text + ' ' };
    assert.notEqual(corpusFingerprint(b), fa, 'one trailing space in one passage');

    const c = (await loadCorpus(SAMPLE)) as QACorpus;
    c.queries[0] = { ...c.queries[0], id: c.queries[0].id + 'x' };
    assert.notEqual(corpusFingerprint(c), fa, 'one query id');

    const d = (await loadCorpus(SAMPLE)) as QACorpus;
    const [lang, byKey] = [...d.qrels][0];
    const [key] = [...byKey][0];
    d.qrels.get(lang)!.set(key, []);
    assert.notEqual(corpusFingerprint(d), fa, 'one relevance judgement');
  });
});
