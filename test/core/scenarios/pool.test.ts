import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../../../src/core/data/load';
import type { RetrievalCorpus } from '../../../src/core/data/corpus';
import { buildAsGiven } from '../../../src/core/scenarios/asGiven';
import { composePool, parsePoolSample } from '../../../src/core/scenarios/pool';
import { loadPool } from '../../../src/core/scenarios/poolSources';
import { fx, rejectsWith } from '../data/helpers';

/** A BEIR folder with `n` English documents, query q judging e3 (1) and e7 (2). */
function englishBeir(dir: string, n: number): string {
  fs.mkdirSync(path.join(dir, 'qrels'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'corpus.jsonl'), Array.from({ length: n }, (_, i) => JSON.stringify({ _id: `e${i}`, text: `english ${i}`, lang: 'en' })).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'queries.jsonl'), JSON.stringify({ _id: 'q', text: 'english', lang: 'en' }) + '\n');
  fs.writeFileSync(path.join(dir, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq\te3\t1\nq\te7\t2\n');
  return dir;
}

describe('composed pools', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-pool-'));
  const en = englishBeir(path.join(tmp, 'en'), 50);

  it('a seeded sample keeps every judged document, the requested count, file order, and the same documents for the same seed', async () => {
    const c = (await loadCorpus(en)) as RetrievalCorpus;
    const a = composePool([c], { sample: { en: 10 }, seed: 7 });
    const b = composePool([c], { sample: { en: 10 }, seed: 7 });
    const other = composePool([c], { sample: { en: 10 }, seed: 8 });
    assert.equal(a.docs.length, 10);
    assert.ok(a.docs.some((d) => d.id === 'e3') && a.docs.some((d) => d.id === 'e7'));
    const order = a.docs.map((d) => Number(d.id.slice(1)));
    assert.deepEqual(order, [...order].sort((x, y) => x - y));
    assert.deepEqual(a.docs.map((d) => d.id), b.docs.map((d) => d.id));
    assert.notDeepEqual(a.docs.map((d) => d.id), other.docs.map((d) => d.id));
    assert.deepEqual(a.composition?.sample, { seed: 7, perLang: { en: { kept: 10, of: 50, judged: 2 } } });
  });

  it('merges sources into one pool (source order), prefixing ids when two sources share one', async () => {
    const mini = (await loadCorpus(fx('beir-mini'))) as RetrievalCorpus;
    const c = (await loadCorpus(en)) as RetrievalCorpus;
    const merged = composePool([mini, c]);
    assert.equal(merged.docs.length, 55);
    assert.equal(merged.composition?.prefixedIds, undefined);
    assert.deepEqual(merged.composition?.sources.map((s) => [s.format, s.documents]), [['beir', 5], ['beir', 50]]);
    const a = buildAsGiven(merged, { langs: ['en'] });
    assert.equal(a.pool.documents, 55);
    assert.deepEqual(a.pool.languages, { de: 2, en: 52, zh: 1 });
    // Two copies of the same folder share every id: ids get the source number.
    const twice = composePool([c, c]);
    assert.equal(twice.composition?.prefixedIds, true);
    assert.deepEqual(twice.judgements.byQuery.get('2:q'), [{ doc: '2:e3', grade: 1 }, { doc: '2:e7', grade: 2 }]);
  });

  it('pool.json lists sources and the sample; paths are relative to it', async () => {
    const file = path.join(tmp, 'pool.json');
    fs.writeFileSync(file, JSON.stringify({ sources: [{ data: path.relative(tmp, fx('beir-mini')) }, { data: 'en' }], sample: { en: 12 }, seed: 3 }));
    const c = (await loadPool([file], {})) as RetrievalCorpus;
    assert.equal(c.docs.filter((d) => d.lang === 'en').length, 12);
    assert.equal(c.composition?.sample?.seed, 3);
    // Judged English documents of beir-mini (d2, d4) and of en (e3, e7) are all kept.
    for (const id of ['d2', 'd4', 'e3', 'e7']) assert.ok(c.docs.some((d) => d.id === id), id);
  });

  it('parses --pool-sample and rejects bad forms', async () => {
    assert.deepEqual(parsePoolSample('en=200000,de=5'), { en: 200000, de: 5 });
    await rejectsWith(() => parsePoolSample('en:5'), 'LANG=COUNT');
  });
});
