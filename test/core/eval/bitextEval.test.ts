import * as assert from 'node:assert/strict';
import type { ParallelCorpus } from '../../../src/core/data/corpus';
import { evaluateBitext } from '../../../src/core/eval/bitextEval';
import { stubEncoder } from '../../support/stubEncoder';

/**
 * Three sentences in en, de, fr. de matches en exactly. fr s1 = (0.2, 1, 0) is nearer en s2 than
 * its translation en s1 (cos .981 vs .196), and en s2 is nearer fr s1 than fr s2 (.981 vs .894):
 * fr→en and en→fr each miss one sentence, whose translation ranks 2nd.
 */
const VECTORS: Record<string, number[]> = {
  'en s1': [1, 0, 0], 'en s2': [0, 1, 0], 'en s3': [0, 0, 1],
  'de s1': [1, 0, 0], 'de s2': [0, 1, 0], 'de s3': [0, 0, 1],
  'fr s1': [0.2, 1, 0], 'fr s2': [0, 1, 0.5], 'fr s3': [0, 0, 1],
};

function corpus(): ParallelCorpus {
  const langs = ['en', 'de', 'fr'];
  return {
    kind: 'parallel',
    name: 'hand',
    format: 'jsonl',
    path: 'hand.jsonl',
    languages: langs.map((code) => ({ code, label: code })),
    skipped: [],
    sets: [{ name: 'all', languages: langs, sentences: langs.flatMap((lang) => ['s1', 's2', 's3'].map((key) => ({ id: `${lang}/${key}`, key, lang, text: `${lang} ${key}` }))) }],
  };
}

describe('eval/bitextEval', () => {
  it('pivot-centred pairs with their worst misses (exact rank, the neighbour that beat the translation)', async () => {
    const r = await evaluateBitext(corpus(), stubEncoder(VECTORS), { pivot: 'en', backend: 'ts' });
    assert.deepEqual(Object.keys(r.pairs).sort(), ['de-en', 'fr-en']);
    assert.equal(r.matrix, 'pivot');
    assert.equal(r.pivot, 'en');
    assert.deepEqual(r.pairLanguages?.['fr-en'], { source: 'fr', target: 'en' });
    assert.equal(r.pairs['de-en'].BitextAcc, 1);
    assert.ok(Math.abs(r.pairs['fr-en'].BitextAcc - 2 / 3) < 1e-9);
    assert.ok(Math.abs(r.pairs['fr-en']['BitextAcc.reverse'] - 2 / 3) < 1e-9);
    assert.deepEqual(r.worst?.['de-en'], []);
    const [fwd, rev] = r.worst!['fr-en'];
    assert.equal(fwd.direction, 'forward');
    assert.equal(fwd.sentence.text, 'fr s1');
    assert.equal(fwd.translation.text, 'en s1');
    assert.equal(fwd.neighbour.text, 'en s2');
    assert.equal(fwd.rank, 2);
    assert.equal(fwd.candidates, 3);
    assert.ok(fwd.neighbour.score > fwd.translation.score);
    assert.equal(rev.direction, 'reverse');
    assert.equal(rev.sentence.text, 'en s2');
    assert.equal(rev.translation.text, 'fr s2');
    assert.equal(rev.neighbour.text, 'fr s1');
    assert.equal(rev.rank, 2);
  });

  it("matrix 'all' mines every pair; byLanguage keeps the pivot pairs", async () => {
    const r = await evaluateBitext(corpus(), stubEncoder(VECTORS), { pivot: 'en', backend: 'ts', matrix: 'all' });
    assert.deepEqual(Object.keys(r.pairs).sort(), ['de-en', 'de-fr', 'fr-en']);
    assert.deepEqual(r.pairLanguages?.['de-fr'], { source: 'de', target: 'fr' });
    assert.deepEqual(Object.keys(r.byLanguage).sort(), ['de', 'fr']);
    assert.ok(Math.abs(r.pairs['de-fr'].BitextAcc - 2 / 3) < 1e-9); // de s2 = en s2 → fr s1
    assert.match(r.definitions.pairs, /Every pair of the 3 languages/);
  });
});
