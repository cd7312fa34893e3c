import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ParallelCorpus, QACorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { UserError } from '../../../src/core/errors';
import { selectPoints } from '../../../src/core/projection';

const SAMPLE = path.resolve(__dirname, '..', '..', '..', 'samples', 'xquad-mini');

function parallel(groups: number, langs: string[]): ParallelCorpus {
  return {
    kind: 'parallel',
    name: 'toy',
    format: 'jsonl',
    path: 'toy.jsonl',
    skipped: [],
    languages: langs.map((code) => ({ code, label: code })),
    sets: [{ name: 'all', languages: langs, sentences: Array.from({ length: groups }, (_, g) => langs.map((lang) => ({ id: `${lang}/${g}`, key: `k${g}`, lang, text: `${lang} ${g}` }))).flat() }],
  };
}

describe('projection: point selection', () => {
  let qa: QACorpus;
  before(async () => {
    const c = await loadCorpus(SAMPLE);
    assert.equal(c.kind, 'qa');
    qa = c as QACorpus;
  });

  it('QA corpus: the questions of the chosen languages, grouped by parallel key', () => {
    const s = selectPoints(qa, { langs: ['de', 'en', 'zh'] });
    const perLang = qa.queries.filter((q) => q.lang === 'en').length;
    assert.deepEqual(s.languages, qa.languages.map((l) => l.code).filter((l) => ['zh', 'en', 'de'].includes(l)), 'corpus order');
    assert.equal(s.languages.length, 3);
    assert.equal(s.ids.length, 3 * perLang);
    assert.ok(s.kind.every((k) => k === 0));
    assert.ok(s.role.every((r) => r === 'query'));
    // Points of one group are translations of one question: same key, distinct languages.
    const byGroup = new Map<number, string[]>();
    s.ids.forEach((id, i) => byGroup.set(s.group[i], [...(byGroup.get(s.group[i]) ?? []), id]));
    assert.equal(byGroup.size, perLang);
    for (const ids of byGroup.values()) {
      const keys = new Set(ids.map((id) => qa.queries.find((q) => q.id === id)!.key));
      assert.equal(keys.size, 1);
      assert.equal(ids.length, 3);
    }
    // Texts are the corpus's own (the hostile line stays text: nothing here renders).
    s.ids.forEach((id, i) => assert.equal(s.texts[i], qa.queries.find((q) => q.id === id)!.text));
  });

  it('QA corpus with passages: passages are documents, grouped by passage', () => {
    const s = selectPoints(qa, { langs: ['de', 'en'], includePassages: true });
    const docs = qa.docs.filter((d) => d.lang === 'de' || d.lang === 'en');
    assert.equal(s.kind.filter((k) => k === 1).length, docs.length);
    const passageGroups = new Set<number>();
    s.kind.forEach((k, i) => {
      if (k === 1) {
        passageGroups.add(s.group[i]);
        assert.equal(s.role[i], 'passage');
      }
    });
    assert.equal(passageGroups.size, new Set(docs.map((d) => d.group)).size);
    const questionGroups = new Set(Array.from(s.group).filter((_, i) => s.kind[i] === 0));
    for (const g of passageGroups) assert.ok(!questionGroups.has(g), 'question and passage groups are distinct');
  });

  it('caps the points by whole parallel groups, seeded', () => {
    const c = parallel(100, ['de', 'en', 'fr']);
    const a = selectPoints(c, { maxPoints: 50, seed: 1 });
    const b = selectPoints(c, { maxPoints: 50, seed: 1 });
    const other = selectPoints(c, { maxPoints: 50, seed: 2 });
    assert.equal(a.available, 300);
    assert.equal(a.ids.length, 48); // 16 whole groups of 3
    assert.deepEqual(a.ids, b.ids);
    assert.notDeepEqual(a.ids, other.ids);
    const counts = new Map<number, number>();
    for (const g of a.group) counts.set(g, (counts.get(g) ?? 0) + 1);
    assert.ok([...counts.values()].every((n) => n === 3), 'translations stay together');
    // Kept points stay in corpus order.
    const order = a.ids.map((id) => c.sets[0].sentences.findIndex((x) => x.id === id));
    assert.deepEqual(order, [...order].sort((x, y) => x - y));
    assert.deepEqual(Array.from(new Set(a.group)), Array.from({ length: 16 }, (_, i) => i), 'groups numbered by first appearance');
  });

  it('parallel corpus: sentences are documents with the symmetric role; language filter checked', () => {
    const s = selectPoints(parallel(4, ['de', 'en', 'fr']), { langs: ['fr', 'en'] });
    assert.deepEqual(s.languages, ['en', 'fr'], 'corpus order');
    assert.equal(s.ids.length, 8);
    assert.ok(s.kind.every((k) => k === 1) && s.role.every((r) => r === 'query'));
    assert.throws(() => selectPoints(parallel(4, ['de', 'en']), { langs: ['xx'] }), UserError);
    assert.throws(() => selectPoints(parallel(4, ['de', 'en']), { maxPoints: 0 }), RangeError);
  });
});
