import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCorpus } from '../../../src/core/data/load';
import { selectPoints } from '../../../src/core/projection';
import { DEFAULT_SAMPLE_CAP, parseSampleCap, preselectLanguages, suggestedCap } from '../../../src/core/projection/sentenceSetInput';

const FLORES = path.resolve(__dirname, '..', '..', 'fixtures', 'data', 'flores');

describe('projection: sentence-set input (Project Sentences…)', () => {
  it('preselects every language of a small corpus, never all of a large one', () => {
    assert.deepEqual(preselectLanguages(['de', 'en', 'fr']), ['de', 'en', 'fr']);
    const many = Array.from({ length: 204 }, (_, i) => `l${i}`).concat(['en', 'de', 'zh']);
    assert.deepEqual(preselectLanguages(many), ['en', 'de', 'zh']);
    // The last projection's languages win when the corpus has them (corpus order kept).
    assert.deepEqual(preselectLanguages(many, ['zh', 'l3', 'xx']), ['l3', 'zh']);
    // No default present: the first five, not 207.
    assert.deepEqual(preselectLanguages(many.slice(0, 204)), ['l0', 'l1', 'l2', 'l3', 'l4']);
  });

  it('parses the sample cap, refusing what is not a sensible number of points', () => {
    assert.deepEqual(parseSampleCap('5000'), { cap: 5000 });
    assert.deepEqual(parseSampleCap(' 20,000 '), { cap: 20000 });
    assert.deepEqual(parseSampleCap('2.5k'), { cap: 2500 });
    for (const bad of ['', 'abc', '-5', '1', '0', '12 points']) assert.ok('error' in parseSampleCap(bad), bad);
    assert.match((parseSampleCap('500000') as { error: string }).error, /at most 100,000/);
    assert.equal(suggestedCap(120), 120);
    assert.equal(suggestedCap(1_000_000), DEFAULT_SAMPLE_CAP);
  });

  it('selects whole parallel groups of a FLORES set under the cap, all as sentences', async () => {
    const corpus = await loadCorpus(FLORES);
    assert.equal(corpus.kind, 'parallel');
    const all = selectPoints(corpus, { langs: ['de', 'en'] });
    assert.deepEqual(all.languages, ['de', 'en']);
    assert.ok(all.kind.every((k) => k === 1), 'sentences are documents, drawn as one glyph');
    const capped = selectPoints(corpus, { langs: ['de', 'en', 'fr'], maxPoints: 7, seed: 1 });
    // Groups of three translations: two whole groups fit under 7.
    assert.equal(capped.ids.length, 6);
    const sizes = new Map<number, number>();
    for (const g of capped.group) sizes.set(g, (sizes.get(g) ?? 0) + 1);
    assert.deepEqual([...sizes.values()], [3, 3]);
    assert.equal(capped.available, all.available * 1.5);
  });
});
