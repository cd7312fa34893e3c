import * as assert from 'node:assert/strict';
import type { ParallelCorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { fx } from './helpers';

const texts = (c: ParallelCorpus, lang: string): string[] => c.sets[0].sentences.filter((s) => s.lang === lang).map((s) => s.text);

describe('generic JSONL / CSV / TSV loaders', () => {
  it('reads {id, lang, text} rows', async () => {
    const c = (await loadCorpus(fx('generic', 'long.jsonl'))) as ParallelCorpus;
    assert.equal(c.format, 'jsonl');
    assert.deepEqual(c.languages, [{ code: 'en', label: 'en' }, { code: 'de', label: 'de' }, { code: 'zh', label: 'zho_Hans' }]);
    assert.deepEqual(c.sets[0].sentences.filter((s) => s.key === 'b').map((s) => s.text), ['Thank you.', 'Danke.', '谢谢。']);
    assert.equal(c.sets[0].sentences[0].source?.line, 1);
  });

  it('reads one row per item with a field per language (id and category are not languages)', async () => {
    const c = (await loadCorpus(fx('generic', 'wide.jsonl'))) as ParallelCorpus;
    assert.deepEqual(c.languages.map((l) => `${l.code}:${l.label}`), ['en:en', 'de:deu', 'fr:fr']);
    const fr2 = c.sets[0].sentences.find((s) => s.id === 'fr/2');
    assert.equal(fr2?.text, 'Il pleut.');
    assert.equal(fr2?.category, 'weather');
  });

  it('reads RFC 4180 CSV: quoted commas, doubled quotes, line breaks', async () => {
    const c = (await loadCorpus(fx('generic', 'parallel.csv'))) as ParallelCorpus;
    assert.equal(c.format, 'csv');
    assert.deepEqual(texts(c, 'en'), ['Hello, world', 'He said "yes"', 'Two\nlines']);
    assert.deepEqual(texts(c, 'de'), ['Hallo, Welt', 'Er sagte "ja"', 'Zwei\nZeilen']);
    assert.equal(c.sets[0].sentences[0].category, 'greeting');
  });

  it('reads TSV, keyed by line number without an id column', async () => {
    const c = (await loadCorpus(fx('generic', 'parallel.tsv'))) as ParallelCorpus;
    assert.equal(c.format, 'tsv');
    assert.deepEqual(texts(c, 'en'), ['Quoted "text"', 'plain "inner" quote']);
    assert.deepEqual(c.sets[0].sentences.filter((s) => s.lang === 'es').map((s) => s.key), ['2', '3']);
  });
});
