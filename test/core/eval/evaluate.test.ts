import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { QACorpus } from '../../../src/core/data/corpus';
import type { Encoder } from '../../../src/core/encoders/encoder';
import { writeNpy } from '../../../src/core/encoders/npy';
import { openPrecomputed } from '../../../src/core/encoders/precomputed';
import { evaluate } from '../../../src/core/eval/evaluate';
import type { Report } from '../../../src/core/report/schema';
import { stubEncoder } from '../../support/stubEncoder';
import { KERNELS } from '../retrieval/kernels';

/**
 * Two German questions, a German and an English pool of three passages each. The vectors make
 * the rankings known by hand (bilingual pool order: de p1, de p2, de p3, en p1, en p2, en p3):
 *  q1 (de): en p2 .902, de p1 .800, en p1 .702, de p2 0, de p3 0, en p3 −1 → relevant ranks 2 and 3
 *  q2 (de): de p2 1, en p1 .712, de p1 .6, then a three-way tie at 0 broken by pool order:
 *           de p3 (4), en p2 (5), en p3 (6) → relevant ranks 1 and 5
 */
function corpus(): QACorpus {
  const q = (lang: string, key: string) => ({ id: `${lang}/${key}`, key, lang, text: `${lang} ${key}` });
  const d = (lang: string, p: string) => ({ id: `${lang}/${p}`, group: p, lang, text: `${lang} ${p}` });
  const qrels = new Map<string, Map<string, string[]>>();
  for (const lang of ['de', 'en']) qrels.set(lang, new Map([['q1', [`${lang}/p1`]], ['q2', [`${lang}/p2`]]]));
  return {
    kind: 'qa',
    name: 'hand',
    format: 'jsonl',
    path: 'hand.jsonl',
    unit: 'passage',
    languages: [{ code: 'de', label: 'de' }, { code: 'en', label: 'en' }],
    skipped: [],
    queries: [q('de', 'q1'), q('de', 'q2'), q('en', 'q1'), q('en', 'q2')],
    docs: ['de', 'en'].flatMap((l) => ['p1', 'p2', 'p3'].map((p) => d(l, p))),
    qrels,
  };
}

const vectors: Record<string, number[]> = {
  'de q1': [1, 0, 0],
  'de q2': [0, 1, 0],
  'en q1': [1, 0, 0],
  'en q2': [0, 0, 1],
  'de p1': [0.8, 0.6, 0],
  'de p2': [0, 1, 0],
  'de p3': [0, 0, 1],
  'en p1': [0.7, 0.71, 0],
  'en p2': [0.9, 0, 0.43],
  'en p3': [-1, 0, 0],
};

describe('evaluate: a bilingual run scored by hand', () => {
  for (const backend of KERNELS) {
    it(`every metric of the German queries (${backend} kernel)`, async () => {
      const r = await evaluate(corpus(), stubEncoder(vectors), { scenario: 'bilingual', langs: ['de'], pivot: 'en', k: [1, 2, 10], perQuery: true, backend });
      const de = r.byLanguage.de;
      const close = (key: string, want: number) => assert.ok(Math.abs(de[key] - want) < 1e-9, `${key}: ${de[key]} ≠ ${want}`);
      assert.equal(de.queries, 2);
      close('Max@R', (3 + 5) / 2);
      close('Max@R.median', 4);
      close('nMax@R', ((3 - 2) / 4 + (5 - 2) / 4) / 2);
      close('EIR', 0.5);
      close('EIR.count', 0.5);
      close('SIR', 0.5);
      close('SIR.count', 1);
      close('Recall@1', 0.25);
      close('nDCG@1', 0.5);
      close('mAP', ((1 / 2 + 2 / 3) / 2 + (1 + 2 / 5) / 2) / 2);
      close('Complete@2', 0);
      close('Complete@10', 1);
      close('LangShare@1.en', 0.5);
      close('PoolShare.en', 0.5);
      close('Alignment', 1);
      assert.equal(r.completeK.includes(1), false);
      assert.equal(r.retrieval.backend, backend);
      const q2 = r.perQuery!.find((p) => p.id === 'de/q2')!;
      assert.deepEqual(q2.relevant.map((x) => [x.doc, x.rank]), [['de/p2', 1], ['en/p2', 5]]);
      assert.deepEqual(q2.top.map((t) => t.doc), ['de/p2', 'en/p1', 'de/p1', 'de/p3', 'en/p2', 'en/p3']);
      assert.ok(r.definitions.EIR && r.definitions['Max@R'] && r.definitions['Complete@K']);
    });
  }

  it('mono and cross build the pools of SPEC §2', async () => {
    const mono = await evaluate(corpus(), stubEncoder(vectors), { scenario: 'mono', langs: ['de'], pivot: 'en', k: [1] });
    // q1: de p1 first (.8); q2: de p2 first (1)
    assert.equal(mono.byLanguage.de['Recall@1'], 1);
    assert.deepEqual(mono.completeK, [1, 2, 5, 10, 20, 100]);
    const cross = await evaluate(corpus(), stubEncoder(vectors), { scenario: 'cross', langs: ['de', 'en'], pivot: 'en', k: [1] });
    // de→en: q1 ranks en p2 (.902) above en p1 (.702); q2 ranks en p1 (.712) above en p2 (0)
    assert.equal(cross.matrix!.de.en['Recall@1'], 0);
    assert.equal(cross.matrix!.de.de['Recall@1'], 1);
    assert.equal(cross.byLanguage.de['Recall@1'], 0); // off-diagonal mean
  });

  it('stores each task\'s pool size; overall Max@R.median is the median over all queries', async () => {
    const r = await evaluate(corpus(), stubEncoder(vectors), { scenario: 'multilingual', langs: ['de', 'en'], pivot: 'en', k: [1, 10], perQuery: true });
    assert.deepEqual(r.pools, { 'de+en': 6 });
    // Pool de p1..p3, en p1..p3. MaxRank: de q1 3, de q2 5; en q1 3 (same vector as de q1), en q2 4
    // (de p3 1, en p2 .43, then a tie at 0 in pool order: de p1, de p2 4, en p1, en p3).
    assert.equal(r.byLanguage.de['Max@R.median'], 4);
    assert.equal(r.byLanguage.en['Max@R.median'], 3.5);
    assert.equal(r.overall['Max@R.median'], 3.5); // median of 3, 5, 3, 4 (the mean of medians would be 3.75)
    assert.equal(r.overall['Max@R'], (4 + 3.5) / 2);
    assert.equal(r.overall['Max@R.censored'], 0);
  });

  it('inclination without parallel documents: EIR for queries in L ≠ pivot and the top-1 decomposition', async () => {
    const r = await evaluate(corpus(), stubEncoder(vectors), {
      scenario: 'multilingual',
      langs: ['de', 'en'],
      pivot: 'en',
      k: [1],
      inclinationWithoutParallel: { pivot: 'en' },
    });
    const de = r.byLanguage.de;
    const en = r.byLanguage.en;
    // de q1: en p2 (irrelevant) ranks above de p1 (rank 2) → EIR 1; top = en p2: non-relevant, other language.
    // de q2: de p2 is first → EIR 0; top relevant, own language.
    assert.equal(de.EIR, 0.5);
    assert.equal(de['EIR.count'], 0.5);
    assert.equal(de['EIR.excluded'], 0);
    assert.equal(de['Top1.nonrelevant.other'], 0.5);
    assert.equal(de['Top1.relevant.own'], 0.5);
    // en is the pivot: no EIR. en q1: top en p2, non-relevant, own; en q2: top de p3, non-relevant, other.
    assert.equal(en.EIR, undefined);
    assert.equal(en['Top1.nonrelevant.own'], 0.5);
    assert.equal(en['Top1.nonrelevant.other'], 0.5);
    assert.ok(r.definitions['Top1.relevant.own'].includes('MLAIRE'));
    assert.ok(r.definitions.EIR.includes('Without parallel documents'));
    assert.ok(r.definitions['EIR.excluded']);
  });

  it('a language the corpus lacks is a user error that lists what it has', async () => {
    await assert.rejects(
      evaluate(corpus(), stubEncoder(vectors), { scenario: 'bilingual', langs: ['fr'], pivot: 'en', k: [1] }),
      /fr not in hand \(it has de, en\)/,
    );
  });
});

describe('evaluate: scale', () => {
  it('handles a cross run with more query×pool pairs than a function call can take as arguments', async () => {
    // 2 languages × 2 pools × 40,000 queries = 160,000 per-query relevance lists (a spread of
    // that many values into Math.max overflows the stack).
    const n = 40_000;
    const c = corpus();
    const table: Record<string, number[]> = { ...vectors };
    c.queries = [];
    for (const lang of ['de', 'en'])
      for (let i = 0; i < n; i++) {
        const key = i % 2 ? 'q1' : 'q2';
        c.queries.push({ id: `${lang}/${i}`, key, lang, text: `${lang} ${key}` });
      }
    const r = await evaluate(c, stubEncoder(table), { scenario: 'cross', langs: ['de', 'en'], pivot: 'en', k: [1] });
    assert.equal(r.byLanguage.de.queries, n);
  });

  it('gives the very same report whether the vectors are read from disk into one matrix or encoded apart and concatenated', async () => {
    // 3 languages × 200 passages and questions (d = 16): over 200,000 pairs, so Uniformity samples.
    const langs = ['de', 'en', 'fr'];
    const n = 200;
    const dim = 16;
    const c: QACorpus = { ...corpus(), languages: langs.map((code) => ({ code, label: code })), queries: [], docs: [], qrels: new Map() };
    for (const lang of langs) {
      const rel = new Map<string, string[]>();
      for (let i = 0; i < n; i++) {
        c.queries.push({ id: `${lang}/q${i}`, key: `q${i}`, lang, text: `${lang} question ${i}` });
        c.docs.push({ id: `${lang}/p${i}`, group: `p${i}`, lang, text: `${lang} passage ${i}` });
        rel.set(`q${i}`, [`${lang}/p${i}`]);
      }
      c.qrels.set(lang, rel);
    }
    let x = 7;
    const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    // Passages first, then questions: the order of neither matches the table's, so rows are read in runs.
    const texts = [...c.docs.map((d) => d.text), ...c.queries.map((q) => q.text)];
    const data = Float32Array.from({ length: texts.length * dim }, rnd);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-eval-npy-'));
    try {
      await writeNpy(path.join(tmp, 'v.npy'), data, [texts.length, dim]);
      fs.writeFileSync(path.join(tmp, 'v.txt'), texts.join('\n') + '\n');
      fs.writeFileSync(path.join(tmp, 'v.jsonl'), texts.map((text, i) => JSON.stringify({ text, vector: Array.from(data.subarray(i * dim, (i + 1) * dim)) })).join('\n') + '\n');
      const disk = await openPrecomputed(path.join(tmp, 'v.npy'));
      const memory = await openPrecomputed(path.join(tmp, 'v.jsonl'));
      // As evaluate() worked before: every encode call returns its own matrix, then a concatenation.
      const apart: Encoder = { ...memory, info: { ...memory.info, dim: dim + 1 }, encode: (t, o) => memory.encode(t, { ...o, into: undefined }), stats: () => memory.stats() };
      // Copied into the one matrix by evaluate (an encoder that ignores the buffer it is offered).
      const copied: Encoder = { ...memory, info: memory.info, encode: (t, o) => memory.encode(t, { ...o, into: undefined }), stats: () => memory.stats() };
      const strip = (r: Report) => ({ ...r, createdAt: '', timings: {}, model: { ...r.model, dim: 0, fingerprint: '', settings: {}, source: '', name: '', stats: undefined } });
      for (const scenario of ['bilingual', 'multilingual'] as const) {
        const opts = { scenario, langs: ['de', 'fr'], pivot: 'en', k: [1, 10], perQuery: true };
        const want = strip(await evaluate(c, apart, opts));
        assert.ok(want.overall.Uniformity !== undefined && want.overall.LangSeparability !== undefined);
        assert.deepEqual(strip(await evaluate(c, disk, opts)), want, `${scenario}: from disk`);
        assert.deepEqual(strip(await evaluate(c, copied, opts)), want, `${scenario}: copied`);
      }
      await disk.dispose();
      await memory.dispose();
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
