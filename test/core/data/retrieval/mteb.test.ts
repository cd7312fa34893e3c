import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../../../../src/core/data/load';
import { detectFormat } from '../../../../src/core/data/detect';
import { isRetrievalCorpus, type RetrievalCorpus } from '../../../../src/core/data/corpus';
import { rejectsWith } from '../helpers';
import { parquetBytes, type ParquetColumn } from './parquetFixture';

function write(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}
const pq = (file: string, cols: ParquetColumn[]) => write(file, parquetBytes(cols));

describe('MTEB loader (Hugging Face layout saved locally)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-mteb-'));

  it('reads corpus/, queries/ and default/ configs as Parquet (hyparquet), qrels of the test split', async () => {
    const dir = path.join(tmp, 'parquet');
    pq(path.join(dir, 'corpus', 'corpus-00000-of-00001.parquet'), [
      { name: '_id', type: 'string', values: ['d1', 'd2', 'd3'] },
      { name: 'title', type: 'string', values: ['Köln', '', ''] },
      { name: 'text', type: 'string', values: ['liegt am Rhein', 'Paris is in France', '东京在日本'] },
      { name: 'lang', type: 'string', values: ['de', 'en', 'zh'] },
    ]);
    pq(path.join(dir, 'queries', 'queries-00000-of-00001.parquet'), [
      { name: '_id', type: 'string', values: ['q1', 'q2'] },
      { name: 'text', type: 'string', values: ['Rhein', 'France'] },
      { name: 'lang', type: 'string', values: ['de', 'en'] },
    ]);
    pq(path.join(dir, 'default', 'test-00000-of-00001.parquet'), [
      { name: 'query-id', type: 'string', values: ['q1', 'q2', 'q2'] },
      { name: 'corpus-id', type: 'string', values: ['d1', 'd2', 'd3'] },
      { name: 'score', type: 'int64', values: [2, 1, 0] },
    ]);
    pq(path.join(dir, 'default', 'dev-00000-of-00001.parquet'), [
      { name: 'query-id', type: 'string', values: ['q1'] },
      { name: 'corpus-id', type: 'string', values: ['d3'] },
      { name: 'score', type: 'int64', values: [1] },
    ]);
    assert.equal(detectFormat(dir), 'mteb');
    const c = (await loadCorpus(dir)) as RetrievalCorpus;
    assert.ok(isRetrievalCorpus(c));
    assert.equal(c.format, 'mteb');
    assert.deepEqual(c.docs.map((d) => [d.id, d.lang, d.text]), [['d1', 'de', 'Köln liegt am Rhein'], ['d2', 'en', 'Paris is in France'], ['d3', 'zh', '东京在日本']]);
    assert.deepEqual(c.queries.map((q) => [q.id, q.lang]), [['q1', 'de'], ['q2', 'en']]);
    assert.equal(c.judgements.split, 'test');
    assert.deepEqual(c.judgements.byQuery.get('q1'), [{ doc: 'd1', grade: 2 }]);
    assert.deepEqual(c.judgements.byQuery.get('q2'), [{ doc: 'd2', grade: 1 }, { doc: 'd3', grade: 0 }]);
    const dev = (await loadCorpus(dir, { split: 'dev' })) as RetrievalCorpus;
    assert.deepEqual(dev.judgements.byQuery.get('q1'), [{ doc: 'd3', grade: 1 }]);
  });

  it('reads <lang>-corpus / <lang>-queries / <lang>-qrels subsets as JSONL, each row in its subset\'s language', async () => {
    const dir = path.join(tmp, 'subsets');
    for (const [l, text] of [['de', 'Hallo Welt'], ['sw', 'Habari dunia']]) {
      write(path.join(dir, `${l}-corpus`, 'corpus.jsonl'), JSON.stringify({ _id: 'd1', title: '', text }) + '\n');
      write(path.join(dir, `${l}-queries`, 'queries.jsonl'), JSON.stringify({ _id: 'q1', text: `${l} query` }) + '\n');
      write(path.join(dir, `${l}-qrels`, 'test.jsonl'), JSON.stringify({ 'query-id': 'q1', 'corpus-id': 'd1', score: 1 }) + '\n');
    }
    assert.equal(detectFormat(dir), 'mteb');
    const c = (await loadCorpus(dir)) as RetrievalCorpus;
    assert.deepEqual(c.docs.map((d) => [d.id, d.lang]), [['de/d1', 'de'], ['sw/d1', 'sw']]);
    assert.deepEqual(c.judgements.byQuery.get('sw/q1'), [{ doc: 'sw/d1', grade: 1 }]);
    const sw = (await loadCorpus(dir, { langs: ['sw'] })) as RetrievalCorpus;
    assert.deepEqual(sw.queries.map((q) => q.id), ['sw/q1']);
  });

  it('a qrels row without a score is an error naming file and row', async () => {
    const dir = path.join(tmp, 'bad');
    pq(path.join(dir, 'corpus', 'c.parquet'), [{ name: '_id', type: 'string', values: ['d1'] }, { name: 'text', type: 'string', values: ['x'] }]);
    pq(path.join(dir, 'queries', 'q.parquet'), [{ name: '_id', type: 'string', values: ['q1'] }, { name: 'text', type: 'string', values: ['y'] }]);
    pq(path.join(dir, 'qrels', 'test.parquet'), [{ name: 'query-id', type: 'string', values: ['q1'] }, { name: 'corpus-id', type: 'string', values: ['d1'] }]);
    await rejectsWith(loadCorpus(dir, { lang: 'en' }), 'test.parquet:1', "'score'");
  });

  it('a file that is not Parquet is an error naming it', async () => {
    const dir = path.join(tmp, 'notparquet');
    write(path.join(dir, 'corpus', 'c.parquet'), 'not parquet at all');
    write(path.join(dir, 'queries', 'q.jsonl'), '{"_id":"q1","text":"x"}\n');
    write(path.join(dir, 'qrels', 'test.jsonl'), '{"query-id":"q1","corpus-id":"d1","score":1}\n');
    await rejectsWith(loadCorpus(dir, { lang: 'en' }), 'c.parquet', 'not a readable Parquet file');
  });
});
