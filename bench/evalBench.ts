import * as fs from 'node:fs';
import * as path from 'node:path';
import type { QACorpus } from '../src/core/data/corpus';
import { loadCorpus } from '../src/core/data/load';
import { openEncoder } from '../src/core/encoders/sources';
import { evaluate } from '../src/core/eval/evaluate';
import { rng } from '../src/core/metrics/stats';
import { type Bench, type Figures, seconds } from './figures';
import { CACHE, sharedDataOrSkip } from './paths';

/**
 * `eval.xquad_bilingual.seconds`: a full 11-language `bilingual` XQuAD evaluation (every
 * language but English against the English pool) from precomputed vectors: loading the corpus,
 * loading the vector table, encoding (lookups), exact search and every metric. The vectors are
 * random (d = 384), written once as a `precomputed:` JSONL table; their content does not change
 * the cost.
 */
export const evalBench: Bench = {
  name: 'eval',
  async run(): Promise<Figures> {
    const data = sharedDataOrSkip('eval', 'xquad');
    if (!data) return {};
    const table = await vectorTable(data);
    const t = performance.now();
    const corpus = (await loadCorpus(data, {})) as QACorpus;
    const loadSeconds = seconds(t);
    const encoder = await openEncoder(`precomputed:${table}`);
    const langs = corpus.languages.map((l) => l.code).filter((l) => l !== 'en');
    const report = await evaluate(corpus, encoder, { scenario: 'bilingual', langs, pivot: 'en', k: [1, 5, 10, 20, 100] });
    const total = seconds(t);
    await encoder.dispose();
    return {
      'eval.xquad_bilingual.seconds': {
        value: total,
        unit: 's',
        better: 'lower',
        target: 5,
        note: `load ${loadSeconds} s, then encode ${report.timings.encode} s, search ${report.timings.search} s, metrics ${report.timings.metrics} s; ${report.overall.queries} queries`,
      },
    };
  },
};

/** Random unit vectors for every XQuAD text, as a precomputed JSONL table (cached). */
async function vectorTable(data: string): Promise<string> {
  const file = path.join(CACHE, 'xquad-random-384.jsonl');
  if (fs.existsSync(file)) return file;
  const corpus = (await loadCorpus(data, {})) as QACorpus;
  const texts = [...new Set([...corpus.queries.map((q) => q.text), ...corpus.docs.map((d) => d.text)])];
  const r = rng(42);
  const lines = texts.map((text) => {
    const v = Array.from({ length: 384 }, () => +(r() * 2 - 1).toFixed(5));
    return JSON.stringify({ text, vector: v });
  });
  fs.mkdirSync(CACHE, { recursive: true });
  fs.writeFileSync(`${file}.tmp`, lines.join('\n') + '\n');
  fs.renameSync(`${file}.tmp`, file);
  return file;
}
