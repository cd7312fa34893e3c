import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ParallelCorpus, QACorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { UserError } from '../../../src/core/errors';
import { parallelTrainingData, qaTrainingData } from '../../../src/core/training/data';
import { makeBatch } from '../../../src/core/training/batch';
import { EmbeddingTable, gatherItems } from '../../../src/core/training/embed';
import { F32 } from '../../../src/core/training/kernels';
import { mineHardNegatives } from '../../../src/core/training/hardNegatives';
import { isTrainingJsonl, jsonlTrainingData } from '../../../src/core/training/trainJsonl';
import { search } from '../../../src/core/retrieval';
import { selectRows } from '../../../src/core/vectors';
import { requireSharedData } from '../../support/sharedData';
import { stubEncoder } from '../../support/stubEncoder';
import { plantedCorpus } from './planted';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-tdata-'));

describe('training data', () => {
  describe('XQuAD (real data)', function () {
    let corpus: QACorpus;
    before(async function () {
      corpus = (await loadCorpus(requireSharedData(this, 'xquad'), { langs: ['en', 'de', 'zh'] })) as QACorpus;
    });

    it('splits the 48 articles 24/24, seeded; no held-out passage is seen in training', () => {
      const a = qaTrainingData(corpus, { langs: ['de', 'zh'], pivot: 'en', seed: 0 });
      const b = qaTrainingData(corpus, { langs: ['de', 'zh'], pivot: 'en', seed: 0 });
      const c = qaTrainingData(corpus, { langs: ['de', 'zh'], pivot: 'en', seed: 1 });
      assert.equal(a.train.fingerprint, b.train.fingerprint);
      assert.notEqual(a.train.fingerprint, c.train.fingerprint);
      assert.match(a.train.source.split, /^articles: 24 of 48/);
      const heldArticles = new Set(a.heldOut.docs.map((d) => d.article));
      assert.equal(heldArticles.size, 24);
      const heldPassages = new Set(a.heldOut.docs.map((d) => d.text));
      const trainTexts = new Set(a.train.texts.map((t) => t.text));
      assert.ok([...heldPassages].every((t) => !trainTexts.has(t)));
      const en = (c: QACorpus) => c.queries.filter((q) => q.lang === 'en').length;
      assert.equal(a.train.examples.length, 2 * (1190 - en(a.heldOut) - en(a.validation!)));
      assert.deepEqual(a.train.langs, ['de', 'zh']);
      // Validation: carved from the 24 training articles (5 of them), disjoint from test and from the trained examples.
      const validArticles = new Set(a.validation!.docs.map((d) => d.article));
      assert.equal(validArticles.size, 5);
      assert.ok([...validArticles].every((x) => !heldArticles.has(x)));
      assert.ok(a.validation!.docs.every((d) => !trainTexts.has(d.text)));
      assert.match(a.train.source.split, /5 of them for validation, 19 trained on/);
      assert.equal(a.splits.test, 'test: held-out articles, 24 of 48 (measured once, after training)');
      assert.match(a.splits.validation, /^validation: 5 of the 24 training articles/);
      // The test split does not depend on the validation share.
      const noValidation = qaTrainingData(corpus, { langs: ['de', 'zh'], pivot: 'en', seed: 0, validationFraction: 0 });
      assert.deepEqual(noValidation.heldOut.docs.map((d) => d.id), a.heldOut.docs.map((d) => d.id));
      assert.equal(noValidation.validation, undefined);
      assert.deepEqual(a.heldOutUnits!.units, [...heldArticles].sort());
      // Every held-out German question keeps its passage in German and English (bilingual is scorable).
      for (const q of a.heldOut.queries) for (const l of ['de', 'en']) assert.ok(a.heldOut.qrels.get(l)!.get(q.key)!.length === 1);
    });
  });

  it('FLORES/SIB-200 sentences: split by sentence, a sentence is its own passage', async function () {
    const dir = requireSharedData(this, 'flores200-sib');
    const corpus = (await loadCorpus(dir, { langs: ['eng_Latn', 'deu_Latn'], split: 'dev' })) as ParallelCorpus;
    const { train, heldOut, validation } = parallelTrainingData(corpus, { langs: ['de'], pivot: 'en', seed: 0 });
    const sentences = corpus.sets[0].sentences.filter((s) => s.lang === 'en').length;
    const en = (c: QACorpus) => c.queries.filter((q) => q.lang === 'en').length;
    assert.ok(en(validation!) > 0);
    assert.equal(train.examples.length + en(heldOut) + en(validation!), sentences);
    const ex = train.examples[0];
    assert.equal(train.texts[ex.qEn].text, train.texts[ex.pEn].text);
    assert.equal(train.texts[ex.qEn].role, 'query');
    assert.equal(train.texts[ex.pEn].role, 'passage');
  });

  describe('user JSONL', () => {
    const write = (name: string, lines: string[]) => {
      const f = path.join(tmp, name);
      fs.writeFileSync(f, lines.join('\n') + '\n');
      return f;
    };
    const row = (i: number, extra: Record<string, string> = {}) =>
      JSON.stringify({ q_en: `question ${i}`, q_L: `Frage ${i}`, p_en: `passage ${i % 7}`, p_L: `Absatz ${i % 7}`, ...extra });

    it('reads q_L/p_L rows and q_<lang> rows, splits by passage', async () => {
      const f = write('ok.jsonl', [...Array.from({ length: 30 }, (_, i) => row(i)), JSON.stringify({ q_en: 'x', p_en: 'passage 1', q_de: 'y', p_de: 'Absatz 1' })]);
      assert.ok(isTrainingJsonl(f));
      const { train, heldOut, validation } = await jsonlTrainingData(f, { langs: ['de'], pivot: 'en', seed: 0 });
      const heldGroups = new Set([...heldOut.docs, ...validation!.docs].map((d) => d.text));
      assert.ok(heldGroups.size >= 2);
      for (const ex of train.examples) assert.ok(!heldGroups.has(train.texts[ex.pEn].text));
      const en = (c: QACorpus) => c.queries.filter((q) => q.lang === 'en').length;
      assert.equal(train.examples.length + en(heldOut) + en(validation!), 31);
    });

    const bad: Array<[string, string[], RegExp]> = [
      ['invalid JSON', [row(1), '{"q_en": '], /bad\.jsonl:2: invalid JSON/],
      ['a missing field', [row(1), JSON.stringify({ q_en: 'a', p_en: 'b', q_L: 'c' })], /:2: "p_L" must be a non-empty string/],
      ['no language for several targets', [row(1)], /:1: "lang" is needed/],
      ['an unknown language', [row(1, { lang: 'xx-nope' })], /:1: unknown language code/],
    ];
    for (const [what, lines, re] of bad) {
      it(`names file and line for ${what}`, async () => {
        const f = write('bad.jsonl', lines);
        const langs = what === 'no language for several targets' ? ['de', 'zh'] : ['de'];
        await assert.rejects(jsonlTrainingData(f, { langs, pivot: 'en', seed: 0 }), (e: unknown) => e instanceof UserError && re.test(e.message));
      });
    }
  });

  it('hard negatives come from the rank window, never from the own passage', async () => {
    const { corpus, vectors } = plantedCorpus({ articles: 30 });
    const encoder = stubEncoder(vectors);
    const { train: set } = qaTrainingData(corpus, { langs: ['de'], pivot: 'en', seed: 0 });
    const base = gatherItems(await EmbeddingTable.encode(encoder, set.texts), set.texts);
    const hard = await mineHardNegatives(set, base, { count: 2, window: [5, 10], seed: 1 });
    const groups = [...new Set(set.examples.map((e) => e.group))];
    const pool = selectRows(base, groups.map((g) => set.groupTexts[g].en));
    const res = await search(selectRows(base, set.examples.map((e) => e.qEn)), pool, { k: 10, backend: 'ts' });
    set.examples.forEach((ex, e) => {
      const window = Array.from(res.indices.subarray(e * 10 + 4, e * 10 + 10), (p) => groups[p]);
      for (let t = 0; t < 2; t++) {
        const g = hard.groups[e * 2 + t];
        assert.notEqual(g, ex.group);
        assert.ok(window.includes(g), `example ${e}: group ${g} not in ranks 5-10`);
        // CLEAR's columns: the question negative is a German question about the same negative passage.
        assert.equal(hard.queryGroups[e * 2 + t], g);
        const q = hard.queries[e * 2 + t];
        assert.equal(set.texts[q].lang, 'de');
        assert.ok(set.examples.some((o) => o.qL === q && o.group === g && o.lang === 'de'), `example ${e}: question ${q} is not about passage ${g}`);
      }
    });
    const again = await mineHardNegatives(set, base, { count: 2, window: [5, 10], seed: 1 });
    assert.deepEqual(again, hard);
  });
});

describe('CLEAR columns with mined hard negatives', () => {
  it('forward and reverse candidates name the same passage in every column (SPEC §5)', async () => {
    const { corpus, vectors } = plantedCorpus({ articles: 20 });
    const encoder = stubEncoder(vectors);
    const { train: set } = qaTrainingData(corpus, { langs: ['de', 'zh'], pivot: 'en', seed: 0 });
    const base = gatherItems(await EmbeddingTable.encode(encoder, set.texts), set.texts);
    set.hard = await mineHardNegatives(set, base, { count: 3, window: [5, 30], seed: 2 });
    const de = set.examples.map((e, i) => ({ e, i })).filter(({ e }) => e.lang === 'de').map(({ i }) => i).slice(0, 16);
    const b = makeBatch(F32, set, de, { rows: base.rows, cols: base.dim, data: base.data });
    // CLEAR's forward columns are [p_en of each example | hard passages], reverse [q_L of each example | hard questions].
    assert.deepEqual([...b.hard.qLGroup], [...b.hard.enGroup]);
    for (let j = 0; j < b.hard.qL.length; j++) {
      const q = set.texts[b.textIds[b.hard.qL[j]]];
      const p = set.texts[b.textIds[b.hard.en[j]]];
      assert.equal(q.lang, 'de');
      assert.equal(p.lang, 'en');
      const g = b.hard.enGroup[j];
      assert.equal(set.groupTexts[g].en, b.textIds[b.hard.en[j]]);
      assert.ok(set.examples.some((ex) => ex.group === g && ex.qL === b.textIds[b.hard.qL[j]]), `column ${j}: the question is not about the passage`);
    }
  });
});
