import * as assert from 'node:assert/strict';
import { checkpointKey, latestComparablePair, modelKey, type SavedRun } from '../../../src/core/compare/latestPair';

const dataset = { name: 'xquad', path: '/d/xquad', format: 'xquad', unit: 'passage', queries: 10, documents: 20 } as SavedRun['report']['dataset'];

function run(id: string, source: string, createdAt: string, extra: Partial<SavedRun['report']> = {}, settings: Record<string, unknown> = {}): SavedRun {
  return {
    id,
    report: { scenario: 'bilingual', languages: ['de', 'zh'], pivot: 'en', dataset, model: { source, name: source, dim: 4, fingerprint: 'f', settings } as SavedRun['report']['model'], createdAt, perQuery: [{}], ...extra },
  };
}

describe('compare/latestPair', () => {
  it('keys a model by its checkpoint folder or its source without options', () => {
    assert.equal(modelKey({ source: 'Xenova/e5?dtype=fp32&batchTokens=2048' }), 'Xenova/e5');
    assert.equal(modelKey({ source: 'Xenova/e5?batchTokens=512&pooling=cls&dtype=q8' }), 'Xenova/e5?dtype=q8&pooling=cls');
    assert.equal(modelKey({ source: 'builtin:char-ngram?dim=512' }), 'builtin:char-ngram?dim=512');
    assert.equal(modelKey({ source: '.xlens/checkpoints/c1', settings: { checkpoint: '/w/.xlens/checkpoints/c1' } }), checkpointKey('/w/.xlens/checkpoints/c1'));
    assert.equal(modelKey({ source: 'checkpoint:/w/.xlens/checkpoints/c1/' }), checkpointKey('/w/.xlens/checkpoints/c1'));
  });

  it('picks the newest comparable pair, skipping bitext runs, runs without per-query records and other scenarios', () => {
    const ck = '/w/.xlens/checkpoints/c1';
    const runs = [
      run('base-old', 'Xenova/e5?dtype=fp32', '2026-01-01T00:00:00Z'),
      run('base-new', 'Xenova/e5?dtype=fp32', '2026-01-03T00:00:00Z'),
      run('base-mono', 'Xenova/e5', '2026-01-05T00:00:00Z', { scenario: 'mono' }),
      run('base-noPQ', 'Xenova/e5', '2026-01-06T00:00:00Z', { perQuery: undefined }),
      run('base-bitext', 'Xenova/e5', '2026-01-07T00:00:00Z', { kind: 'bitext' }),
      run('ck', ck, '2026-01-02T00:00:00Z', {}, { checkpoint: ck }),
      run('other', 'builtin:char-ngram', '2026-01-08T00:00:00Z'),
    ];
    const r = latestComparablePair(runs, 'Xenova/e5', checkpointKey(ck));
    assert.ok(r.found);
    assert.equal(r.a.id, 'base-new');
    assert.equal(r.b.id, 'ck');
  });

  it('says what is missing: no run of a model, or runs that differ', () => {
    const none = latestComparablePair([run('a', 'Xenova/e5', '2026-01-01T00:00:00Z')], 'Xenova/e5', 'builtin:char-ngram', { a: 'e5', b: 'char-ngram' });
    assert.ok(!none.found);
    assert.equal(none.runsA, 1);
    assert.equal(none.runsB, 0);
    assert.match(none.message, /No saved retrieval run with per-query records of char-ngram/);
    const differ = latestComparablePair(
      [run('a', 'Xenova/e5', '2026-01-01T00:00:00Z'), run('b', 'builtin:char-ngram', '2026-01-02T00:00:00Z', { scenario: 'cross', languages: ['de'] })],
      'Xenova/e5',
      'builtin:char-ngram',
    );
    assert.ok(!differ.found);
    assert.deepEqual(differ.differs, ['scenario: bilingual (A) vs cross (B)', 'query languages: zh only in A']);
  });
});
