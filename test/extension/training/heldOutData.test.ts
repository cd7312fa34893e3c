import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QACorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { parallelTrainingData, qaTrainingData } from '../../../src/core/training/data';
import { jsonlTrainingData } from '../../../src/core/training/trainJsonl';
import { writeHeldOutData } from '../../../src/extension/training/heldOutData';

const repo = join(__dirname, '..', '..', '..');
const sample = join(repo, 'samples', 'xquad-mini');

/** Per language: the sorted (question, relevant document text) pairs, the figures evaluation sees. */
function pairs(c: QACorpus): Record<string, string[]> {
  const docs = new Map(c.docs.map((d) => [d.id, d.text]));
  const out: Record<string, string[]> = {};
  for (const q of c.queries) (out[q.lang] ??= []).push(`${q.text} → ${docs.get(c.qrels.get(q.lang)!.get(q.key)![0])}`);
  for (const l of Object.keys(out)) out[l].sort();
  return out;
}

describe('held-out split written for "Compare with base model"', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'xlens-heldout-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('XQuAD: copies only the held-out paragraphs, in XQuAD format, parallel across languages', async () => {
    const opts = { langs: ['de', 'zh'], pivot: 'en', seed: 0 };
    const held = await writeHeldOutData({ data: sample, ...opts, cwd: repo }, join(dir, 'out'));
    assert.equal(held.format, 'xquad');
    assert.deepEqual(readdirSync(held.path).sort(), ['xquad.de.json', 'xquad.en.json', 'xquad.zh.json']);
    const expected = qaTrainingData((await loadCorpus(sample, { langs: ['de', 'zh', 'en'] })) as QACorpus, opts).heldOut;
    const written = (await loadCorpus(held.path, { format: held.format })) as QACorpus;
    assert.equal(held.queries, expected.queries.length);
    assert.deepEqual(pairs(written), pairs(expected));
    const all = (await loadCorpus(sample, { langs: ['de', 'zh', 'en'] })) as QACorpus;
    assert.ok(written.docs.length < all.docs.length, 'training passages left out');
  });

  it('another seed holds out other passages', async () => {
    const a = await writeHeldOutData({ data: sample, langs: ['de'], pivot: 'en', seed: 0, cwd: repo }, join(dir, 'a'));
    const b = await writeHeldOutData({ data: sample, langs: ['de'], pivot: 'en', seed: 7, cwd: repo }, join(dir, 'b'));
    const pa = pairs((await loadCorpus(a.path)) as QACorpus);
    const pb = pairs((await loadCorpus(b.path)) as QACorpus);
    assert.notDeepEqual(pa, pb);
  });

  it('a training JSONL: the held-out rows in Belebele layout, with the same question–passage pairs', async () => {
    const file = join(dir, 'train.jsonl');
    const row = (i: number) => JSON.stringify({ q_en: `question ${i}`, q_L: `Frage ${i}`, p_en: `passage ${i % 7}`, p_L: `Absatz ${i % 7}` });
    writeFileSync(file, Array.from({ length: 40 }, (_, i) => row(i)).join('\n') + '\n');
    const opts = { langs: ['de'], pivot: 'en', seed: 0 };
    const held = await writeHeldOutData({ data: file, ...opts, cwd: dir }, join(dir, 'out'));
    assert.equal(held.format, 'belebele');
    const expected = (await jsonlTrainingData(file, opts)).heldOut;
    const written = (await loadCorpus(held.path, { format: 'belebele' })) as QACorpus;
    assert.equal(held.queries, expected.queries.length);
    assert.deepEqual(pairs(written), pairs(expected));
  });

  it('parallel sentences (FLORES): each held-out sentence finds itself and its translation', async () => {
    const flores = join(repo, 'test', 'fixtures', 'data', 'flores');
    const opts = { langs: ['de'], pivot: 'en', seed: 0 };
    const held = await writeHeldOutData({ data: flores, ...opts, cwd: repo }, join(dir, 'out'));
    const corpus = await loadCorpus(flores, { langs: ['de', 'en'] });
    assert.equal(corpus.kind, 'parallel');
    const expected = parallelTrainingData(corpus as Exclude<typeof corpus, QACorpus>, opts).heldOut;
    const written = (await loadCorpus(held.path, { format: 'belebele' })) as QACorpus;
    assert.deepEqual(pairs(written), pairs(expected));
  });
});
