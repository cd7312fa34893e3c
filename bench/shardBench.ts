import * as os from 'node:os';
import type { QACorpus } from '../src/core/data/corpus';
import { emptyStats, type Encoder } from '../src/core/encoders/encoder';
import type { EvaluateOptions } from '../src/core/eval/evaluate';
import { checkShardSet, type LoadedPartial } from '../src/core/eval/shards/mergePartials';
import { mergedReport } from '../src/core/eval/shards/mergedReport';
import type { PartialReport } from '../src/core/eval/shards/partial';
import { scoreShard } from '../src/core/eval/shards/scoreShard';
import { matrix, type Matrix } from '../src/core/vectors';
import type { Bench, Figures } from './figures';

const DOCS = Number(process.env.XLENS_SHARD_BENCH_DOCS ?? 1_000_000);
const QUERIES = 1000;
const DIM = 384;
const SHARDS = 4;

/** Vectors made from the text's number (`d 123`, `q 45`): deterministic, no table to hold. */
function generatedEncoder(): Encoder {
  const stats = emptyStats();
  return {
    info: { source: 'generated', name: 'generated', dim: DIM, fingerprint: 'generated-384', settings: {} },
    async encode(texts: readonly string[]): Promise<Matrix> {
      const m = matrix(texts.length, DIM);
      texts.forEach((t, r) => {
        let s = (Number(t.slice(2)) * 2654435761 + (t[0] === 'q' ? 97 : 13)) >>> 0;
        let ss = 0;
        for (let j = 0; j < DIM; j++) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const x = s / 4294967296 - 0.5;
          m.data[r * DIM + j] = x;
          ss += x * x;
        }
        const inv = 1 / Math.sqrt(ss);
        for (let j = 0; j < DIM; j++) m.data[r * DIM + j] *= inv;
      });
      stats.texts += texts.length;
      stats.encoded += texts.length;
      return m;
    },
    stats: () => ({ ...stats }),
    async dispose() {},
  };
}

function generatedCorpus(): QACorpus {
  const docs = Array.from({ length: DOCS }, (_, i) => ({ id: `d${i}`, group: `d${i}`, lang: 'en', text: `d ${i}` }));
  const queries = Array.from({ length: QUERIES }, (_, i) => ({ id: `q${i}`, key: `k${i}`, lang: 'en', text: `q ${i}` }));
  const rel = new Map(queries.map((q, i) => [q.key, [`d${(i * 997) % DOCS}`]]));
  return { kind: 'qa', name: 'generated', format: 'jsonl', path: 'generated', unit: 'passage', languages: [{ code: 'en', label: 'en' }], skipped: [], queries, docs, qrels: new Map([['en', rel]]) };
}

/**
 * `eval.shards.seconds_per_million_docs`: the cost of exact sharded scoring on this machine —
 * 1,000 queries against a generated pool of 1,000,000 × 384 (unit vectors), as 4 shards of
 * 250,000 scored one after another in this process (scoreShard: block scoring with the default
 * kernel, exact counts above the relevant document, shard top-10), then merged (mergedReport).
 * Generating the vectors (the "encoding" here) is not counted; one run.
 */
export const shardBench: Bench = {
  name: 'shards',
  async run(): Promise<Figures> {
    const load0 = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    const corpus = generatedCorpus();
    const opts: EvaluateOptions = { scenario: 'mono', langs: ['en'], pivot: 'en', k: [1, 10] };
    const parts: LoadedPartial[] = [];
    const scoreSeconds: number[] = [];
    const cpu0 = process.cpuUsage();
    let backend = '';
    for (let i = 0; i < SHARDS; i++) {
      const p = await scoreShard(corpus, generatedEncoder(), opts, { index: i, count: SHARDS });
      scoreSeconds.push(p.timings.score);
      backend = p.backend;
      parts.push({ file: `shard${i}`, partial: JSON.parse(JSON.stringify({ ...p, eval: { argv: [], cwd: '' } })) as PartialReport });
      process.stderr.write(`  shard ${i}/${SHARDS}: scored in ${p.timings.score} s\n`);
    }
    const cpu = process.cpuUsage(cpu0);
    const t = performance.now();
    const report = mergedReport(corpus, checkShardSet(parts), opts);
    const mergeSeconds = +((performance.now() - t) / 1000).toFixed(3);
    const total = scoreSeconds.reduce((a, b) => a + b, 0);
    const perMillion = +((total * 1e6) / DOCS).toFixed(2);
    const load1 = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    return {
      'eval.shards.seconds_per_million_docs': {
        value: perMillion,
        unit: 's',
        better: 'lower',
        note:
          `${QUERIES} queries × ${DOCS.toLocaleString('en')} generated docs (dim ${DIM}), ${SHARDS} shards scored one after another: ` +
          `${scoreSeconds.join(' + ')} s (${backend} kernel; process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s incl. generating vectors), ` +
          `merge ${mergeSeconds} s; Max@R ${report.overall['Max@R']?.toFixed(0)} (random vectors); 2 cores shared; ` +
          `load average ${load0} at start, ${load1} at end`,
      },
    };
  },
};
