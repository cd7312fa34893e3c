import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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

  it('hashes the very bytes of one update per part (a large corpus with surrogate pairs and lone surrogates)', async () => {
    const base = (await loadCorpus(SAMPLE)) as QACorpus;
    const odd = ['Grüße 😀', '\ud83d', '\ude00 tail', 'é\ud800', ''];
    const c: QACorpus = {
      ...base,
      docs: Array.from({ length: 30_000 }, (_, i) => ({ id: `d${i}`, lang: i % 2 ? 'de' : 'en', group: `g${i % 97}`, text: `${odd[i % odd.length]} passage ${i}${odd[(i * 7) % odd.length]}` })),
    };
    // The fingerprint as it was computed with one update per part.
    const h = createHash('sha256');
    const put = (...parts: string[]) => {
      for (const p of parts) h.update(p).update('\u0000');
      h.update('\u0001');
    };
    put('xlens-corpus', '1', c.unit);
    for (const q of c.queries) put('q', q.id, q.lang, q.key, q.text);
    for (const d of c.docs) put('d', d.id, d.lang, d.group, d.text);
    for (const [lang, byKey] of c.qrels) for (const [key, ids] of byKey) put('r', lang, key, ...ids);
    assert.equal(corpusFingerprint(c), h.digest('hex').slice(0, 16));
  });
});
