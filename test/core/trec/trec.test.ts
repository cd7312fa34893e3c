import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { readQrels, readRun } from '../../../src/core/trec/parse';
import { scoreRun } from '../../../src/core/trec/score';
import { UserError } from '../../../src/core/errors';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-trec-'));
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

describe('xlens metrics: TREC qrels and runs', () => {
  it('ranks by score descending with ties in line order, ignoring the rank column', async () => {
    const run = await readRun(write('ties.run', ['q1 Q0 a 1 0.5 t', 'q1 Q0 b 2 0.9 t', 'q1 Q0 c 3 0.5 t', 'q1 Q0 d 4 0.5 t'].join('\n')));
    assert.deepEqual(run.get('q1'), ['b', 'a', 'c', 'd']);
  });

  it('scores hand-computed cases: ties, |Rel| = 2, a relevant document missing from the run', async () => {
    const qrels = await readQrels(write('q.qrels', ['q1 0 a 1', 'q1 0 d 1', 'q2 0 x 1', 'q2 0 y 0', 'q3 0 m 1', 'q3 0 n 1'].join('\n')));
    const run = await readRun(
      write(
        'r.run',
        [
          // q1: b 0.9 first, then a/c/d tied at 0.5 in line order → ranks a=2, c=3, d=4
          'q1 Q0 a 1 0.5 t',
          'q1 Q0 b 2 0.9 t',
          'q1 Q0 c 3 0.5 t',
          'q1 Q0 d 4 0.5 t',
          // q2: x at rank 1
          'q2 Q0 x 1 3 t',
          'q2 Q0 y 2 2 t',
          // q3: m at rank 2, n is missing from the run
          'q3 Q0 z 1 9 t',
          'q3 Q0 m 2 8 t',
        ].join('\n'),
      ),
    );
    const r = scoreRun(qrels, run, { ks: [1, 2, 10], perQuery: true });
    assert.equal(r.queries, 3);
    const q1 = r.perQuery!.q1;
    assert.equal(q1['Recall@2'], 0.5);
    assert.equal(q1['MRR@10'], 0.5);
    assert.equal(q1.AP, (1 / 2 + 2 / 4) / 2);
    assert.equal(q1.MaxRank, 4);
    assert.ok(Math.abs(q1['nDCG@10'] - (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3))) < 1e-12);
    const q3 = r.perQuery!.q3;
    assert.equal(q3['Recall@10'], 0.5);
    assert.equal(q3['Complete@10'], 0);
    // n is not in the run: censored at depth + 1 = 5 (q1 lists 4 documents), never dropped.
    assert.equal(q3.MaxRank, 5);
    assert.equal(q3['MaxRank.censored'], 1);
    assert.equal(r.depth, 4);
    assert.equal(r.metrics['Max@R'], (4 + 1 + 5) / 3);
    assert.equal(r.metrics['Max@R.censored'], 1 / 3);
    assert.equal(r.metrics['Max@R.queries'], undefined);
    assert.equal(r.metrics.mAP, ((1 / 2 + 2 / 4) / 2 + 1 + (1 / 2) / 2) / 3);
    assert.equal(r.metrics['Success@1'], 1 / 3);
  });

  it('graded qrels: nDCG gain = grade with the ideal from every judged grade (trec_eval ndcg_cut), other metrics count grade ≥ 1', async () => {
    // q1 judged: a 3, b 0, c 1, d 2 (d is not in the run). Run: c, b, a (depth 3).
    const qrels = await readQrels(write('g.qrels', ['q1 0 a 3', 'q1 0 b 0', 'q1 0 c 1', 'q1 0 d 2'].join('\n')));
    const run = await readRun(write('g.run', ['q1 Q0 c 1 3 t', 'q1 Q0 b 2 2 t', 'q1 Q0 a 3 1 t'].join('\n')));
    const q = scoreRun(qrels, run, { ks: [1, 3, 10], perQuery: true }).perQuery!.q1;
    // DCG@3 = 1/log2(2) + 0 + 3/log2(4) = 2.5; ideal@3 = 3/1 + 2/log2(3) + 1/log2(4) = 4.761859…
    const ideal3 = 3 + 2 / Math.log2(3) + 0.5;
    assert.ok(Math.abs(q['nDCG@3'] - 2.5 / ideal3) < 1e-12, String(q['nDCG@3']));
    assert.ok(Math.abs(q['nDCG@3'] - 0.525005) < 1e-6);
    assert.ok(Math.abs(q['nDCG@1'] - 1 / 3) < 1e-12); // top: grade 1 of a possible 3
    assert.equal(q['Recall@3'], 2 / 3); // relevant: a, c, d (grade ≥ 1)
    assert.ok(Math.abs(q.AP - (1 / 1 + 2 / 3) / 3) < 1e-12);
    assert.equal(q.MaxRank, 4); // d censored at depth + 1
    assert.equal(q['MaxRank.censored'], 1);
    // --rel-threshold 2: only a and d are relevant; c (grade 1) still earns its gain in nDCG.
    const t = scoreRun(qrels, run, { ks: [1, 3], perQuery: true, relThreshold: 2 }).perQuery!.q1;
    assert.equal(t['Success@1'], 0);
    assert.equal(t['Recall@3'], 1 / 2);
    assert.ok(Math.abs(t['nDCG@3'] - 2.5 / ideal3) < 1e-12);
  });

  it('a judged query the run does not list is scored (as trec_eval -c) and censored; all-grade-0 queries are excluded and listed', async () => {
    const qrels = await readQrels(write('c.qrels', ['q1 0 a 1', 'q2 0 b 1', 'q2 0 c 1', 'q3 0 x 0', 'q3 0 y 0'].join('\n')));
    // Depth 10: q1 lists 10 documents, a at rank 2. q2 is absent. q9 has no judgements.
    const lines = Array.from({ length: 10 }, (_, i) => `q1 Q0 ${i === 1 ? 'a' : `n${i}`} ${i + 1} ${100 - i} t`);
    const r = scoreRun(qrels, await readRun(write('c.run', [...lines, 'q9 Q0 a 1 1 t'].join('\n'))), { ks: [1, 10], perQuery: true });
    assert.equal(r.queries, 2);
    assert.equal(r.depth, 10);
    assert.deepEqual(r.excluded, ['q3']);
    assert.equal(r.runQueriesWithoutJudgements, 1);
    const q2 = r.perQuery!.q2;
    assert.equal(q2['Recall@10'], 0);
    assert.equal(q2['nDCG@10'], 0);
    assert.equal(q2.AP, 0);
    assert.equal(q2['Complete@100'], 0);
    assert.equal(q2.MaxRank, 11);
    assert.equal(r.metrics['Max@R'], (2 + 11) / 2);
    assert.equal(r.metrics['Max@R.median'], 6.5);
    assert.equal(r.metrics['Max@R.censored'], 0.5);
    assert.equal(r.metrics['nMax@R'], undefined);
    assert.equal(r.metrics['Success@10'], 0.5);
    assert.ok(r.definitions['Max@R.censored'] && r.definitions.trec.includes('depth + 1'));
    assert.equal(r.definitions.similarity, undefined); // the run's own ranking, not XLens's cosine
  });

  it('refuses a fractional grade naming file and line, and a folder with a clear error', async () => {
    const f = write('frac.qrels', 'q1 0 a 1\nq1 0 b 0.5\n');
    await assert.rejects(readQrels(f), (e: unknown) => e instanceof UserError && e.message.includes('frac.qrels:2') && e.message.includes('"0.5" is not an integer'));
    await assert.rejects(readQrels(dir), (e: unknown) => e instanceof UserError && e.message.includes('is a folder'));
    await assert.rejects(readRun(dir), (e: unknown) => e instanceof UserError && e.message.includes('is a folder'));
    const twice = write('twice.qrels', 'q1 0 a 1\nq1 0 a 2\n');
    await assert.rejects(readQrels(twice), (e: unknown) => e instanceof UserError && e.message.includes('twice.qrels:2'));
  });

  it('metrics do not change when documents with distinct scores are reordered in the input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 2, maxLength: 30 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        async (scores, seed) => {
          const docs = scores.map((s, i) => ({ doc: `d${i}`, score: s / 1000 }));
          const qrels = write('p.qrels', docs.filter((_, i) => i % 3 === 0).map((d) => `q 0 ${d.doc} 1`).join('\n'));
          const shuffled = [...docs];
          let a = seed;
          for (let i = shuffled.length - 1; i > 0; i--) {
            a = (a * 1103515245 + 12345) >>> 0;
            const j = a % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
          }
          const line = (d: { doc: string; score: number }, i: number) => `q Q0 ${d.doc} ${i + 1} ${d.score} t`;
          const q = await readQrels(qrels);
          const r1 = scoreRun(q, await readRun(write('p1.run', docs.map(line).join('\n'))), { ks: [1, 5, 10] });
          const r2 = scoreRun(q, await readRun(write('p2.run', shuffled.map(line).join('\n'))), { ks: [1, 5, 10] });
          assert.deepEqual(r1, r2);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('bad lines are errors naming file and line', async () => {
    const f = write('bad.run', 'q1 Q0 a 1 0.5 t\nq1 Q0 b 2 high t\n');
    await assert.rejects(readRun(f), (e: unknown) => e instanceof UserError && e.message.includes('bad.run:2') && e.message.includes('"high"'));
    const g = write('bad.qrels', 'q1 0 a 1\nq1 a 1\n');
    await assert.rejects(readQrels(g), (e: unknown) => e instanceof UserError && e.message.includes('bad.qrels:2') && e.message.includes('4 fields'));
    const h = write('dup.run', 'q1 Q0 a 1 0.5 t\nq1 Q0 a 2 0.4 t\n');
    await assert.rejects(readRun(h), (e: unknown) => e instanceof UserError && e.message.includes('dup.run:2') && e.message.includes('twice'));
  });
});
