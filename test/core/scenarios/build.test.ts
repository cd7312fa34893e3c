import * as assert from 'node:assert/strict';
import { languagesToLoad } from '../../../src/core/scenarios/build';

describe('languages to load for a scenario', () => {
  it('everything when the pool defaults to every corpus language', () => {
    assert.equal(languagesToLoad('multilingual', ['de', 'zh'], undefined, 'en'), undefined);
    assert.equal(languagesToLoad('as-given', ['de'], undefined, 'en'), undefined);
  });
  it('query + pool languages (+ the pivot for the parallel scenarios) otherwise', () => {
    assert.deepEqual(languagesToLoad('multilingual', ['de'], ['de', 'zh'], 'en'), ['de', 'zh', 'en']);
    assert.deepEqual(languagesToLoad('as-given', ['de'], ['de', 'en'], 'en'), ['de', 'en']);
    assert.deepEqual(languagesToLoad('as-given', undefined, ['fa'], 'en'), ['fa']);
    assert.deepEqual(languagesToLoad('bilingual', ['de'], undefined, 'en'), ['de', 'en']);
    assert.deepEqual(languagesToLoad('mono', ['de'], undefined, 'en'), ['de', 'en']);
    assert.equal(languagesToLoad('cross', undefined, ['en'], 'en'), undefined);
  });
});
