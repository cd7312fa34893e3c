import * as assert from 'node:assert/strict';
import { loadCorpus } from '../../../src/core/data/load';
import type { RetrievalCorpus } from '../../../src/core/data/corpus';
import { asGivenNotes, buildAsGiven } from '../../../src/core/scenarios/asGiven';
import { buildTasks } from '../../../src/core/scenarios/qa';
import { fx, rejectsWith } from '../data/helpers';

const load = async () => (await loadCorpus(fx('beir-mini'))) as RetrievalCorpus;
const arr = (xs: ArrayLike<number>[] | undefined) => xs?.map((x) => Array.from(x));

describe('as-given scenario', () => {
  it('one pool = the corpus in file order; a task per query language; graded relevance; missing and excluded counted', async () => {
    const c = await load();
    const a = buildAsGiven(c, { langs: [] });
    assert.deepEqual(a.tasks.map((t) => t.id), ['de', 'en']);
    for (const t of a.tasks) {
      assert.deepEqual(t.poolLangs, ['de', 'en', 'zh']);
      assert.deepEqual(t.docs, [0, 1, 2, 3, 4]);
    }
    const [de, en] = a.tasks;
    // q1: d1 (grade 2) and d5 (grade 1); q3 (all grade 0) is excluded.
    assert.deepEqual(de.queries.map((i) => c.queries[i].id), ['q1']);
    assert.deepEqual(arr(de.relevant), [[0, 4]]);
    assert.deepEqual(arr(de.grades), [[2, 1]]);
    assert.equal(de.missing, undefined);
    // q4: d4 in the pool, d9 (grade 2) missing from the corpus: kept as a never-retrieved relevant document.
    assert.deepEqual(en.queries.map((i) => c.queries[i].id), ['q2', 'q4']);
    assert.deepEqual(arr(en.relevant), [[1], [3]]);
    assert.deepEqual(arr(en.grades), [[1], [1]]);
    assert.deepEqual(arr(en.missing), [[], [2]]);
    const j = a.judgements;
    assert.equal(j.relThreshold, 1);
    assert.equal(j.judgedQueries, 4);
    assert.equal(j.evaluated, 3);
    assert.deepEqual(j.excluded, { count: 1, ids: ['q3'] });
    assert.deepEqual(j.missingDocs, { lines: 1, queries: 1, first: ['d9'], dropped: false });
    assert.deepEqual(j.unknownQueries, { lines: 1, first: ['q7'] });
    assert.deepEqual(a.pool, { documents: 5, languages: { de: 2, en: 2, zh: 1 }, composition: undefined });
    const notes = asGivenNotes(a).join('\n');
    assert.match(notes, /1 judged query has no judgement of grade ≥ 1 and is excluded: q3/);
    assert.match(notes, /name documents the corpus lacks \(first: d9\); they count as relevant documents never retrieved/);
    assert.match(notes, /judge queries missing from the queries file \(first: q7\)/);
  });

  it('--drop-missing-judged drops those lines and says so', async () => {
    const a = buildAsGiven(await load(), { langs: [], dropMissingJudged: true });
    assert.equal(a.tasks[1].missing, undefined);
    assert.equal(a.judgements.missingDocs.dropped, true);
    assert.match(asGivenNotes(a).join('\n'), /dropped as asked \(--drop-missing-judged\)/);
  });

  it('pool and query languages are chosen separately; relevant documents outside the pool are not part of the task', async () => {
    const c = await load();
    const a = buildAsGiven(c, { langs: ['de'], poolLangs: ['de', 'en'] });
    assert.equal(a.tasks.length, 1);
    assert.deepEqual(a.tasks[0].docs, [0, 1, 2, 3]);
    assert.deepEqual(a.tasks[0].poolLangs, ['de', 'en']);
    assert.deepEqual(arr(a.tasks[0].relevant), [[0]]);
    assert.deepEqual(arr(a.tasks[0].grades), [[2]]);
    assert.deepEqual(a.judgements.outsidePool, { lines: 1, queries: 1 });
    assert.deepEqual(a.pool.languages, { de: 2, en: 2 });
  });

  it('--rel-threshold 2: grade-1 documents are no longer relevant', async () => {
    const c = await load();
    const a = buildAsGiven(c, { langs: [], relThreshold: 2 });
    const [de, en] = a.tasks;
    assert.deepEqual(arr(de.relevant), [[0]]);
    // q2 (grade 1 only) is excluded; q4 keeps only its missing grade-2 document.
    assert.deepEqual(en.queries.map((i) => c.queries[i].id), ['q4']);
    assert.deepEqual(arr(en.relevant), [[]]);
    assert.deepEqual(arr(en.missing), [[2]]);
    assert.deepEqual(a.judgements.excluded.ids, ['q2', 'q3']);
  });

  it('buildTasks dispatches as-given, and refuses parallel scenarios on a retrieval dataset', async () => {
    const c = await load();
    assert.equal(buildTasks(c, { scenario: 'as-given', langs: [], pivot: 'en' }).length, 2);
    await rejectsWith(() => buildTasks(c, { scenario: 'mono', langs: ['de'], pivot: 'en' }), 'as-given');
    await rejectsWith(() => buildAsGiven(c, { langs: ['fr'] }), 'query language(s) fr not in the queries');
    await rejectsWith(() => buildAsGiven(c, { langs: [], poolLangs: ['fr'] }), 'pool language(s) fr');
  });
});
