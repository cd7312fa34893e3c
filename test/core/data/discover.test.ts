import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { discoverDatasets } from '../../../src/core/data/discover';
import { requireSharedData } from '../../support/sharedData';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('dataset discovery (the Datasets tree)', () => {
  it('finds every corpus in ../shared/data by its format, without descending into it', function () {
    const data = requireSharedData(this);
    const found = discoverDatasets([data]).map((f) => [path.basename(f.path), f.format]);
    assert.deepEqual(found.sort(), [['flores200-sib', 'sib200'], ['tatoeba', 'tatoeba'], ['xquad', 'xquad'], ['xquad-r', 'xquad-r']]);
  });

  it('finds the bundled sample and skips node_modules', () => {
    const found = discoverDatasets([ROOT], 2);
    assert.ok(found.some((f) => f.path.endsWith(path.join('samples', 'xquad-mini')) && f.format === 'xquad'));
    assert.ok(!found.some((f) => f.path.includes('node_modules')));
  });

  it('lists retrieval datasets (BEIR, a folder of language BEIR folders, TREC style) by their layout', () => {
    const fixtures = path.join(ROOT, 'test', 'fixtures', 'data');
    const found = new Map(discoverDatasets([fixtures]).map((f) => [path.basename(f.path), f.format]));
    assert.equal(found.get('beir-mini'), 'beir');
    assert.equal(found.get('beir-langs'), 'beir');
    assert.equal(found.get('trec-mini'), 'trec');
  });
});
