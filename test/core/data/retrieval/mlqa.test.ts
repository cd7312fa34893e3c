import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../../../../src/core/data/load';
import { detectFormat } from '../../../../src/core/data/detect';
import type { RetrievalCorpus } from '../../../../src/core/data/corpus';
import { buildAsGiven } from '../../../../src/core/scenarios/asGiven';

type Para = { context: string; qas: Array<{ id: string; question: string }> };
const squad = (paras: Para[]) => JSON.stringify({ version: '1.0', data: [{ title: 't', paragraphs: paras.map((p) => ({ ...p, qas: p.qas.map((q) => ({ ...q, answers: [] })) })) }] }, null, 1);

/** MLQA in miniature: de and en, questions 1 and 2 on passage A (both languages), 3 on B (en only). */
export function writeMlqa(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const deQ = [{ id: '1', question: 'Wo liegt Köln?' }, { id: '2', question: 'Welcher Fluss?' }];
  const enQ = [{ id: '1', question: 'Where is Cologne?' }, { id: '2', question: 'Which river?' }];
  fs.writeFileSync(path.join(dir, 'test-context-de-question-de.json'), squad([{ context: 'Köln liegt am Rhein.', qas: deQ }]));
  fs.writeFileSync(path.join(dir, 'test-context-de-question-en.json'), squad([{ context: 'Köln liegt am Rhein.', qas: enQ }]));
  fs.writeFileSync(path.join(dir, 'test-context-en-question-de.json'), squad([{ context: 'Cologne is on the Rhine.', qas: deQ }]));
  fs.writeFileSync(path.join(dir, 'test-context-en-question-en.json'), squad([{ context: 'Cologne is on the Rhine.', qas: enQ }, { context: 'Paris is in France.', qas: [{ id: '3', question: 'Where is Paris?' }] }]));
  fs.writeFileSync(path.join(dir, 'dev-context-en-question-en.json'), squad([{ context: 'dev only', qas: [{ id: '9', question: 'dev?' }] }]));
}

describe('MLQA loader', () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-mlqa-')), 'mlqa');
  writeMlqa(dir);

  it('pools each distinct context once per language; a question is relevant to its context in every file', async () => {
    assert.equal(detectFormat(dir), 'mlqa');
    const c = (await loadCorpus(dir)) as RetrievalCorpus;
    assert.equal(c.judgements.split, 'test');
    assert.deepEqual(c.docs.map((d) => [d.id, d.text]), [['de/p0', 'Köln liegt am Rhein.'], ['en/p0', 'Cologne is on the Rhine.'], ['en/p1', 'Paris is in France.']]);
    assert.deepEqual(c.queries.map((q) => q.id), ['de/1', 'de/2', 'en/1', 'en/2', 'en/3']);
    assert.deepEqual(c.judgements.byQuery.get('de/1'), [{ doc: 'de/p0', grade: 1 }, { doc: 'en/p0', grade: 1 }]);
    assert.deepEqual(c.judgements.byQuery.get('en/3'), [{ doc: 'en/p1', grade: 1 }]);
  });

  it('yields cross(q→c) and bilingual pools through as-given', async () => {
    const c = (await loadCorpus(dir)) as RetrievalCorpus;
    // cross(en→de): en questions against de contexts; en/3 has no de context and is excluded, counted.
    const cross = buildAsGiven(c, { langs: ['en'], poolLangs: ['de'] });
    assert.equal(cross.tasks.length, 1);
    assert.deepEqual(cross.tasks[0].queries.map((i) => c.queries[i].id), ['en/1', 'en/2']);
    assert.deepEqual(cross.tasks[0].relevant.map((r) => [...r]), [[0], [0]]);
    assert.deepEqual(cross.judgements.noRelevantLeft, { count: 1, ids: ['en/3'] });
    assert.equal(cross.judgements.outsidePool.lines, 3);
    // bilingual(de, en): de questions against de + en contexts; both translations relevant.
    const bi = buildAsGiven(c, { langs: ['de'], poolLangs: ['de', 'en'] });
    assert.deepEqual(bi.tasks[0].relevant.map((r) => [...r]), [[0, 1], [0, 1]]);
  });
});
