import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCorpus } from '../../../src/core/data/load';
import type { QACorpus } from '../../../src/core/data/corpus';
import { buildTasks } from '../../../src/core/scenarios/qa';
import { rejectsWith } from '../data/helpers';

const SAMPLE = path.resolve(__dirname, '..', '..', '..', 'samples', 'xquad-mini');

describe('parallel QA scenarios: pool and query languages', () => {
  let c: QACorpus;
  before(async () => {
    c = (await loadCorpus(SAMPLE)) as QACorpus;
  });
  const langsOf = (docs: number[]) => [...new Set(docs.map((d) => c.docs[d].lang))];

  it('multilingual: the default pool is every corpus language (LAReQA), whatever the query languages', () => {
    const all = c.languages.map((l) => l.code);
    assert.ok(all.length > 2);
    const [t] = buildTasks(c, { scenario: 'multilingual', langs: ['de', 'zh'], pivot: 'en' });
    assert.deepEqual(t.queryLangs, ['de', 'zh']);
    assert.deepEqual(t.poolLangs, all);
    assert.deepEqual(langsOf(t.docs), all);
    assert.equal(t.docs.length, c.docs.length);
    // Every translation of the passage is relevant: one per pool language.
    for (const r of t.relevant) assert.equal(r.length, all.length);
    const deQueries = c.queries.filter((q) => q.lang === 'de').length;
    assert.equal(t.queries.length, deQueries + c.queries.filter((q) => q.lang === 'zh').length);
  });

  it('multilingual with --pool-langs: exactly those languages, in that order', () => {
    const [t] = buildTasks(c, { scenario: 'multilingual', langs: ['de'], poolLangs: ['zh', 'de'], pivot: 'en' });
    assert.deepEqual(t.poolLangs, ['zh', 'de']);
    assert.deepEqual(langsOf(t.docs), ['zh', 'de']);
    for (const r of t.relevant) assert.equal(r.length, 2);
  });

  it('cross: --pool-langs are the document languages of the matrix', () => {
    const tasks = buildTasks(c, { scenario: 'cross', langs: ['de'], poolLangs: ['en', 'zh'], pivot: 'en' });
    assert.deepEqual(tasks.map((t) => t.id), ['de→en', 'de→zh']);
  });

  it('mono and bilingual refuse --pool-langs (their pool follows from the query language)', async () => {
    await rejectsWith(() => buildTasks(c, { scenario: 'mono', langs: ['de'], poolLangs: ['en'], pivot: 'en' }), '--pool-langs does not apply to mono');
    await rejectsWith(() => buildTasks(c, { scenario: 'bilingual', langs: ['de'], poolLangs: ['en'], pivot: 'en' }), '--pool-langs does not apply to bilingual');
  });
});
