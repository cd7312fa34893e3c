import * as assert from 'node:assert/strict';
import { DEFAULT_EXTRA, preselectLanguages, rememberedKey, rememberLanguages, SELECT_ALL_UP_TO } from '../../src/extension/languagePreselection';

/** 204 FLORES-like codes in corpus order, the usual languages among them. */
const MANY = ['ace', 'ace-Arab', 'af', 'ar', 'de', 'en', 'es', 'fr', 'hi', 'ja', 'ru', 'sw', 'zh', ...Array.from({ length: 191 }, (_, i) => `x${i.toString().padStart(3, '0')}`)];

describe('extension/languagePreselection', () => {
  it('opens a 204-language picker with the pivot and five usual languages, not 204 ticks', () => {
    const picked = preselectLanguages(MANY, { pivot: 'en' });
    assert.equal(picked.length, 1 + DEFAULT_EXTRA);
    assert.deepEqual(picked, ['ar', 'de', 'en', 'fr', 'hi', 'zh']); // corpus order
    // Without the pivot among the offered languages (bitext, bilingual query languages): five.
    assert.deepEqual(preselectLanguages(MANY.filter((c) => c !== 'en'), { pivot: 'en' }), ['ar', 'de', 'fr', 'hi', 'zh']);
  });

  it('prefers the languages of the last run on the dataset, in corpus order, ignoring ones it lacks', () => {
    assert.deepEqual(preselectLanguages(MANY, { pivot: 'en', remembered: ['sw', 'ace-Arab', 'tlh'] }), ['ace-Arab', 'sw']);
    // A memory with none of this dataset's languages falls back to the default.
    assert.deepEqual(preselectLanguages(MANY, { pivot: 'en', remembered: ['tlh'] }), preselectLanguages(MANY, { pivot: 'en' }));
  });

  it('ticks every language of a small set (XQuAD), and the first few when no usual language is there', () => {
    const xquad = ['ar', 'de', 'el', 'en', 'es', 'hi', 'ro', 'ru', 'th', 'tr', 'vi', 'zh'];
    assert.equal(xquad.length, SELECT_ALL_UP_TO);
    assert.deepEqual(preselectLanguages(xquad, { pivot: 'en' }), xquad);
    const rare = Array.from({ length: 30 }, (_, i) => `y${i}`);
    assert.deepEqual(preselectLanguages(rare, {}), ['y0', 'y1', 'y2', 'y3', 'y4']);
    assert.deepEqual(preselectLanguages([], { pivot: 'en' }), []);
  });

  it('remembers per dataset and purpose, bounded', () => {
    let r = rememberLanguages(undefined, '/d/flores', 'query', ['de', 'fr']);
    r = rememberLanguages(r, '/d/flores', 'pool', ['de']);
    r = rememberLanguages(r, '/d/flores', 'query', ['sw']);
    assert.deepEqual(r[rememberedKey('/d/flores', 'query')], ['sw']);
    assert.deepEqual(r[rememberedKey('/d/flores', 'pool')], ['de']);
    for (let i = 0; i < 80; i++) r = rememberLanguages(r, `/d/${i}`, 'query', ['en'], 50);
    assert.equal(Object.keys(r).length, 50);
    assert.deepEqual(r[rememberedKey('/d/79', 'query')], ['en']);
    assert.equal(r[rememberedKey('/d/flores', 'query')], undefined); // oldest dropped first
  });
});
