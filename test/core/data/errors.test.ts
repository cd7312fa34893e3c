import * as assert from 'node:assert/strict';
import type { ParallelCorpus, QACorpus } from '../../../src/core/data/corpus';
import { CancelledError } from '../../../src/core/errors';
import { loadCorpus } from '../../../src/core/data/load';
import { fx, rejectsWith } from './helpers';

/** Each malformed input: a UserError naming the file, the 1-based line and the problem. */
describe('malformed input', () => {
  it('bad JSON line', () =>
    rejectsWith(loadCorpus(fx('bad', 'bad-json.jsonl')), 'bad-json.jsonl:3', 'invalid JSON line'));

  it('bad JSON document (SQuAD)', () =>
    rejectsWith(loadCorpus(fx('bad', 'xquad-json')), 'xquad.en.json:4', 'invalid JSON'));

  it('missing field', () =>
    rejectsWith(loadCorpus(fx('bad', 'missing-field.jsonl')), 'missing-field.jsonl:2', "missing field 'text'"));

  it('missing column (CSV row)', () =>
    rejectsWith(loadCorpus(fx('bad', 'missing-column.csv')), 'missing-column.csv:3', 'expected 3 columns', 'found 2'));

  it('missing column (SIB header)', () =>
    rejectsWith(loadCorpus(fx('bad', 'sib-column'), { format: 'sib200', split: 'train' }), 'train.tsv:1', "missing column 'category'"));

  it('header column that is not a language', () =>
    rejectsWith(loadCorpus(fx('bad', 'bad-header.csv')), 'bad-header.csv:1', "'deutsch' is not a language code"));

  it('unterminated CSV quote', () =>
    rejectsWith(loadCorpus(fx('bad', 'unterminated.csv')), 'unterminated.csv:3', 'unterminated quoted field'));

  it('mismatched parallel ids: an id missing in one language (JSONL)', () =>
    rejectsWith(loadCorpus(fx('bad', 'missing-id.jsonl')), 'missing-id.jsonl:3', "mismatched parallel ids: 'b' is in en but missing in de"));

  it('mismatched parallel ids: a row missing a language field (wide JSONL)', () =>
    rejectsWith(loadCorpus(fx('bad', 'wide-missing.jsonl')), 'wide-missing.jsonl:2', "'2' is in en but missing in de"));

  it('mismatched parallel ids: missing and extra ids (SIB folders)', async () => {
    await rejectsWith(loadCorpus(fx('bad', 'sib-ids')), 'train.tsv:3', 'mismatched parallel ids', "'5' is in de but missing in en");
    const c = (await loadCorpus(fx('bad', 'sib-ids'), { allowSkips: true })) as ParallelCorpus;
    assert.deepEqual(c.skipped.map((s) => s.reason.slice(0, 30)), ["mismatched parallel ids: '5' i", "mismatched parallel ids: '2' i"]);
    assert.deepEqual([...new Set(c.sets[0].sentences.map((s) => s.key))], ['1', '3', '4']);
  });

  it('mismatched parallel ids: question ids (XQuAD)', () =>
    rejectsWith(loadCorpus(fx('bad', 'xquad-ids')), 'xquad.de.json:', "question 'q3' is in de but missing in en"));

  it('Tatoeba line counts that differ, naming both files', () =>
    rejectsWith(loadCorpus(fx('bad', 'tatoeba-count')), 'tatoeba.fra-eng.fra:3', 'tatoeba.fra-eng.eng has 2', 'line counts differ'));

  it('FLORES line counts that differ', () =>
    rejectsWith(loadCorpus(fx('bad', 'flores-count')), 'eng_Latn.dev:3', 'deu_Latn.dev has 2'));

  it('empty text', () =>
    rejectsWith(loadCorpus(fx('bad', 'empty-text.jsonl')), 'empty-text.jsonl:2', 'empty text'));

  it('unknown language', () =>
    rejectsWith(loadCorpus(fx('bad', 'unknown-lang.jsonl')), 'unknown-lang.jsonl:2', "unknown language 'qqx'"));

  it('two spellings of one language', () =>
    rejectsWith(loadCorpus(fx('bad', 'lang-clash.jsonl')), 'lang-clash.jsonl:2', "'de' and 'deu' are both German"));

  it('non-UTF-8 bytes (JSONL and line files)', async () => {
    await rejectsWith(loadCorpus(fx('bad', 'non-utf8.jsonl')), 'non-utf8.jsonl:2', 'invalid UTF-8');
    await rejectsWith(loadCorpus(fx('bad', 'tatoeba-utf8')), 'tatoeba.deu-eng.deu:2', 'invalid UTF-8');
  });

  it('duplicate ids', () =>
    rejectsWith(loadCorpus(fx('bad', 'duplicate-id.jsonl')), 'duplicate-id.jsonl:3', "duplicate id 'a'", 'first at', ':1'));

  it('answer_start in no sentence (XQuAD-R)', () =>
    rejectsWith(loadCorpus(fx('bad', 'xquad-r-answer')), 'en.json:', "question 'q2'", 'answer_start 47 is in no sentence'));

  it('a Belebele passage whose text changes for the same link', () =>
    rejectsWith(loadCorpus(fx('bad', 'belebele-passage')), 'deu_Latn.jsonl:2', "'flores_passage' of link", 'differs from line 1'));
});

describe('allowSkips', () => {
  it('records skippable problems instead of throwing, keeping the rest parallel', async () => {
    const c = (await loadCorpus(fx('bad', 'missing-id.jsonl'), { allowSkips: true })) as ParallelCorpus;
    assert.equal(c.skipped.length, 1);
    assert.equal(c.skipped[0].line, 3);
    assert.match(c.skipped[0].file, /missing-id\.jsonl$/);
    assert.deepEqual(c.sets[0].sentences.map((s) => s.id), ['en/a', 'de/a']);
  });

  it('drops a bad line in both files of a Tatoeba pair', async () => {
    const c = (await loadCorpus(fx('bad', 'tatoeba-utf8'), { allowSkips: true })) as ParallelCorpus;
    assert.deepEqual(c.skipped.map((s) => s.line), [2]);
    assert.deepEqual(c.sets[0].sentences.map((s) => s.id), ['deu-eng/de/1', 'deu-eng/de/3', 'deu-eng/en/1', 'deu-eng/en/3']);
  });

  it('skips a Tatoeba pair whose files are not aligned', async () => {
    const c = (await loadCorpus(fx('bad', 'tatoeba-count'), { allowSkips: true })) as ParallelCorpus;
    assert.deepEqual(c.sets.map((s) => s.name), ['ita-eng']);
    assert.deepEqual(c.languages.map((l) => l.code), ['en', 'it']);
    assert.equal(c.skipped.length, 1);
    await rejectsWith(loadCorpus(fx('bad', 'tatoeba-count'), { allowSkips: true, langs: 'fr' }), 'nothing loaded', 'were skipped');
  });

  it('drops an unanswerable XQuAD-R question and a question missing in one XQuAD language', async () => {
    const r = (await loadCorpus(fx('bad', 'xquad-r-answer'), { allowSkips: true })) as QACorpus;
    assert.deepEqual(r.queries.map((q) => q.key), ['q1']);
    const x = (await loadCorpus(fx('bad', 'xquad-ids'), { allowSkips: true })) as QACorpus;
    assert.deepEqual(x.queries.map((q) => q.id), ['de/q1', 'en/q1']);
    assert.equal(x.skipped.length, 2);
  });

  it('skips rows with bad JSON, unknown languages, bad bytes, duplicates and empty text', async () => {
    for (const [file, n] of [['bad-json.jsonl', 1], ['unknown-lang.jsonl', 1], ['non-utf8.jsonl', 1], ['duplicate-id.jsonl', 1], ['empty-text.jsonl', 1]] as const) {
      const c = (await loadCorpus(fx('bad', file), { allowSkips: true })) as ParallelCorpus;
      assert.equal(c.skipped.length, n, file);
      assert.ok(c.skipped.every((s) => s.file.endsWith(file) && typeof s.line === 'number'), file);
    }
  });

  it('never skips a language-code clash', () =>
    rejectsWith(loadCorpus(fx('bad', 'lang-clash.jsonl'), { allowSkips: true }), 'both German'));
});

describe('progress and cancellation', () => {
  it('reports progress and stops on abort', async () => {
    const phases: string[] = [];
    await loadCorpus(fx('belebele'), { onProgress: (p) => phases.push(p.phase) });
    assert.ok(phases.includes('reading eng_Latn.jsonl'));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(loadCorpus(fx('belebele'), { signal: ac.signal }), CancelledError);
  });
});
