import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadCorpus } from '../../../../src/core/data/load';
import { readLines } from '../../../../src/core/data/lines';
import type { RetrievalCorpus } from '../../../../src/core/data/corpus';
import { rejectsWith } from '../helpers';

/** A BEIR folder with the given files (name → content; `.gz` names are gzipped). */
function beir(dir: string, files: Record<string, string>): string {
  const base: Record<string, string> = {
    'corpus.jsonl': '{"_id":"d1","text":"a","lang":"en"}\n{"_id":"d2","text":"b","lang":"en"}\n',
    'queries.jsonl': '{"_id":"q1","text":"x","lang":"en"}\n',
    'qrels/test.tsv': 'query-id\tcorpus-id\tscore\nq1\td1\t1\n',
  };
  for (const [name, text] of Object.entries({ ...base, ...files })) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, name.endsWith('.gz') ? zlib.gzipSync(text) : text);
  }
  return dir;
}

describe('retrieval datasets: malformed records are errors naming file and line', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-rerr-'));
  let n = 0;
  const dir = () => path.join(tmp, String(n++));

  it('BEIR corpus: invalid JSON, missing id, no language, duplicate id, unknown language', async () => {
    await rejectsWith(loadCorpus(beir(dir(), { 'corpus.jsonl': '{"_id":"d1","text":"a","lang":"en"}\n{"_id": "d2", "text": \n' })), 'corpus.jsonl:2', 'invalid JSON');
    await rejectsWith(loadCorpus(beir(dir(), { 'corpus.jsonl': '{"text":"a","lang":"en"}\n' })), 'corpus.jsonl:1', 'missing document id');
    await rejectsWith(loadCorpus(beir(dir(), { 'corpus.jsonl': '{"_id":"d1","text":"a","lang":"en"}\n{"_id":"d2","text":"b"}\n' })), 'corpus.jsonl:2', 'no language', '--lang');
    await rejectsWith(loadCorpus(beir(dir(), { 'corpus.jsonl': '{"_id":"d1","text":"a","lang":"en"}\n{"_id":"d1","text":"b","lang":"en"}\n' })), 'corpus.jsonl:2', "duplicate document id 'd1'", 'corpus.jsonl:1');
    await rejectsWith(loadCorpus(beir(dir(), { 'corpus.jsonl': '{"_id":"d1","text":"a","lang":"xx-qq"}\n' })), 'corpus.jsonl:1', 'unknown language');
  });

  it('BEIR gzip corpus: a bad line inside the gzip has its line number; a truncated gzip names the file', async () => {
    const bad = beir(dir(), { 'corpus.jsonl.gz': '{"_id":"d1","text":"a","lang":"en"}\n{"_id":"d2","text":"b","lang":"en"}\n{oops\n' });
    fs.rmSync(path.join(bad, 'corpus.jsonl'));
    await rejectsWith(loadCorpus(bad), 'corpus.jsonl.gz:3', 'invalid JSON');
    const cut = beir(dir(), {});
    fs.rmSync(path.join(cut, 'corpus.jsonl'));
    const gz = zlib.gzipSync(Array.from({ length: 200 }, (_, i) => `{"_id":"d${i}","text":"a","lang":"en"}\n`).join(''));
    fs.writeFileSync(path.join(cut, 'corpus.jsonl.gz'), gz.subarray(0, gz.length - 20));
    await rejectsWith(loadCorpus(cut), 'corpus.jsonl.gz', 'gzip');
  });

  it('BEIR queries and qrels: empty text, bad header, wrong field count, a grade that is not a number, a pair judged twice', async () => {
    await rejectsWith(loadCorpus(beir(dir(), { 'queries.jsonl': '{"_id":"q1","text":"  ","lang":"en"}\n' })), 'queries.jsonl:1', 'empty text');
    await rejectsWith(loadCorpus(beir(dir(), { 'qrels/test.tsv': 'q1\td1\t1\n' })), 'test.tsv:1', 'expected the header');
    await rejectsWith(loadCorpus(beir(dir(), { 'qrels/test.tsv': 'query-id\tcorpus-id\tscore\nq1\td1\n' })), 'test.tsv:2', 'expected 3 tab-separated fields');
    await rejectsWith(loadCorpus(beir(dir(), { 'qrels/test.tsv': 'query-id\tcorpus-id\tscore\nq1\td1\thigh\n' })), 'test.tsv:2', 'not a number');
    await rejectsWith(loadCorpus(beir(dir(), { 'qrels/test.tsv': 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td1\t2\n' })), 'test.tsv:3', 'twice');
    await rejectsWith(loadCorpus(beir(dir(), {}), { split: 'dev' }), "no split 'dev'", 'test');
  });

  it('--allow-skips lists the bad rows instead of failing', async () => {
    const c = (await loadCorpus(beir(dir(), { 'corpus.jsonl': '{"_id":"d1","text":"a","lang":"en"}\n{"_id":"d2"}\n' }), { allowSkips: true })) as RetrievalCorpus;
    assert.equal(c.docs.length, 1);
    assert.equal(c.skipped.length, 1);
    assert.equal(c.skipped[0].line, 2);
  });

  it('TREC: topics and qrels lines with the wrong number of fields', async () => {
    const mk = (topics: string, qrels: string) => {
      const d = dir();
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(path.join(d, 'topics.tsv'), topics);
      fs.writeFileSync(path.join(d, 'qrels.txt'), qrels);
      fs.writeFileSync(path.join(d, 'docs.jsonl'), '{"docid":"d1","text":"a"}\n');
      return d;
    };
    await rejectsWith(loadCorpus(mk('1\tquery\n2 no tab here\n', '1 Q0 d1 1\n'), { lang: 'en', format: 'trec' }), 'topics.tsv:2', 'expected 2 tab-separated fields');
    await rejectsWith(loadCorpus(mk('1\tquery\n', '1 Q0 d1 1\n1 d1 1\n'), { lang: 'en', format: 'trec' }), 'qrels.txt:2', 'expected 4 fields');
  });

  it('the line reader gunzips any gzip file, whatever its name', async () => {
    const f = path.join(dir());
    fs.writeFileSync(f, zlib.gzipSync('a\nb\r\nc'));
    const lines: string[] = [];
    assert.equal(await readLines(f, (t) => lines.push(t)), 3);
    assert.deepEqual(lines, ['a', 'b', 'c']);
  });
});
