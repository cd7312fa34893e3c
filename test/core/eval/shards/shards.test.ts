import * as assert from 'node:assert/strict';
import type { QACorpus } from '../../../../src/core/data/corpus';
import { evaluate, type EvaluateOptions } from '../../../../src/core/eval/evaluate';
import { checkShardSet, type LoadedPartial } from '../../../../src/core/eval/shards/mergePartials';
import { mergedReport, SHARDED_GEOMETRY_NOTE } from '../../../../src/core/eval/shards/mergedReport';
import type { PartialReport } from '../../../../src/core/eval/shards/partial';
import { scoreShard } from '../../../../src/core/eval/shards/scoreShard';
import { parseShard, shardRange } from '../../../../src/core/eval/shards/shardSpec';
import { UserError } from '../../../../src/core/errors';
import { rng } from '../../../../src/core/metrics/stats';
import type { Report } from '../../../../src/core/report/schema';
import { stubEncoder } from '../../../support/stubEncoder';


/**
 * Three languages × 40 parallel keys, one question and one passage per key and language. Vectors
 * are small integer points in 4 dimensions, so many passages share a vector: exact score ties
 * everywhere, broken only by pool position.
 */
function generated(seed: number): { corpus: QACorpus; vectors: Record<string, number[]> } {
  const r = rng(seed);
  const langs = ['de', 'en', 'fr'];
  const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
  const vectors: Record<string, number[]> = {};
  const point = () => {
    let v: number[];
    do v = Array.from({ length: 4 }, () => Math.floor(r() * 3) - 1);
    while (v.every((x) => x === 0));
    return v;
  };
  const queries = langs.flatMap((lang) => keys.map((key) => ({ id: `${lang}/${key}`, key, lang, text: `q ${lang} ${key}` })));
  const docs = langs.flatMap((lang) => keys.map((key) => ({ id: `${lang}/p${key}`, group: key, lang, text: `d ${lang} ${key}` })));
  for (const x of [...queries, ...docs]) vectors[x.text] = point();
  const qrels = new Map(langs.map((lang) => [lang, new Map(keys.map((key) => [key, [`${lang}/p${key}`]]))]));
  return {
    corpus: { kind: 'qa', name: 'generated', format: 'jsonl', path: 'generated.jsonl', unit: 'passage', languages: langs.map((code) => ({ code, label: code })), skipped: [], queries, docs, qrels },
    vectors,
  };
}

const GEOMETRY = ['Uniformity', 'LangSeparability', 'Alignment'];

/** The report without what a merge legitimately differs in: creation time, timings, encoder counts, notes, pool-wide geometry. */
function comparable(r: Report): unknown {
  const strip = (m: Record<string, number> | undefined) => m && Object.fromEntries(Object.entries(m).filter(([k]) => !GEOMETRY.includes(k)));
  const { createdAt: _c, timings: _t, notes: _n, model, byLanguage, overall, definitions, ...rest } = r;
  return {
    ...rest,
    model: { ...model, stats: undefined },
    byLanguage: Object.fromEntries(Object.entries(byLanguage).map(([l, m]) => [l, strip(m)])),
    overall: strip(overall),
    definitions: Object.fromEntries(Object.entries(definitions).filter(([k]) => !GEOMETRY.includes(k))),
  };
}

async function sharded(corpus: QACorpus, vectors: Record<string, number[]>, opts: EvaluateOptions, n: number): Promise<LoadedPartial[]> {
  const out: LoadedPartial[] = [];
  for (let i = 0; i < n; i++) {
    const p = await scoreShard(corpus, stubEncoder(vectors), opts, { index: i, count: n });
    // Through JSON, as between machines: float32 scores survive as JSON numbers exactly.
    const partial: PartialReport = JSON.parse(JSON.stringify({ ...p, eval: { argv: ['--data', 'x'], cwd: '/' } }));
    out.push({ file: `shard${i}.part.json`, partial });
  }
  return out;
}

describe('eval/shards: a pool scored in shards adds up to the unsharded run', function () {
  this.timeout(60_000);

  it('shard specs and ranges cover every pool exactly once', () => {
    assert.deepEqual(parseShard('2/5'), { index: 2, count: 5 });
    for (const bad of ['5/5', '1/0', '-1/3', 'a/b', '1', '1/2/3']) assert.throws(() => parseShard(bad), UserError, bad);
    for (const [N, n] of [[0, 3], [7, 3], [120, 7], [5, 9]]) {
      const ranges = Array.from({ length: n }, (_, i) => shardRange(N, { index: i, count: n }));
      assert.equal(ranges[0][0], 0);
      assert.equal(ranges[n - 1][1], N);
      ranges.forEach(([lo, hi], i) => (assert.ok(hi >= lo), i > 0 && assert.equal(lo, ranges[i - 1][1])));
    }
  });

  for (const [scenario, n] of [['bilingual', 3], ['multilingual', 7], ['cross', 2], ['mono', 200]] as const) {
    it(`${scenario}, ${n} shards: merged == unsharded, every rank, count, top document and metric`, async () => {
      const { corpus, vectors } = generated(n * 31 + scenario.length);
      const opts: EvaluateOptions = { scenario, langs: ['de', 'fr'], pivot: 'en', k: [1, 5, 10], perQuery: true, topN: 10, backend: 'ts' };
      const whole = await evaluate(corpus, stubEncoder(vectors), opts);
      const parts = await sharded(corpus, vectors, opts, n);
      const merged = mergedReport(corpus, checkShardSet(parts.reverse()), opts);
      assert.deepEqual(comparable(merged), comparable(whole));
      assert.ok(merged.notes.includes(SHARDED_GEOMETRY_NOTE));
      assert.equal(merged.overall.Uniformity, undefined, 'no pool-wide geometry from shards');
      // The generated vectors do tie: some relevant document shares its score with a document before it in the pool.
      const ties = whole.perQuery!.filter((q) => q.top.some((t, j) => j > 0 && t.score === q.top[j - 1].score)).length;
      assert.ok(ties > 0, 'the pool has exact ties in the top-k');
    });
  }

  it('the ts kernel is not required when shards agree: the default kernel gives the same merged ranks as its unsharded run', async () => {
    const { corpus, vectors } = generated(7);
    const opts: EvaluateOptions = { scenario: 'bilingual', langs: ['de'], pivot: 'en', k: [1, 10], perQuery: true };
    const whole = await evaluate(corpus, stubEncoder(vectors), opts);
    const merged = mergedReport(corpus, checkShardSet(await sharded(corpus, vectors, opts, 4)), opts);
    assert.deepEqual(comparable(merged), comparable(whole));
  });

  it('refuses shards that do not make one evaluation: missing, doubled, mixed, or scoring a relevant document differently', async () => {
    const { corpus, vectors } = generated(3);
    const opts: EvaluateOptions = { scenario: 'bilingual', langs: ['de'], pivot: 'en', k: [1, 10], backend: 'ts' };
    const parts = await sharded(corpus, vectors, opts, 3);
    assert.throws(() => checkShardSet(parts.slice(0, 2)), /shard 2\/3 missing/);
    assert.throws(() => checkShardSet([parts[0], parts[0], parts[1]]), /both shard 0\/3/);
    const other = structuredClone(parts[1]);
    other.partial.model.fingerprint = 'another model';
    assert.throws(() => checkShardSet([parts[0], other, parts[2]]), /models \(fingerprints\) differ/);
    const tampered = structuredClone(parts[2]);
    tampered.partial.tasks[0].queries[0].relevant[0].score += 1e-7;
    assert.throws(() => mergedReport(corpus, checkShardSet([parts[0], parts[1], tampered]), opts), (e: unknown) => e instanceof UserError && /scored relevant document .* differently/.test(e.message));
    const otherCorpus = generated(4).corpus;
    otherCorpus.docs[0].text += ' changed';
    assert.throws(() => mergedReport(otherCorpus, checkShardSet(parts), opts), /not the one the shards scored/);
  });
});
