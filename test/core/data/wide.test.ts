import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ParallelCorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import { emptyStats, type Encoder } from '../../../src/core/encoders/encoder';
import { evaluateBitext } from '../../../src/core/eval/bitextEval';
import { matrix, normalizeRows } from '../../../src/core/vectors';

/** `id,en,de-000,…`: 10,000 language columns (a base code with a numeric region each), 3 rows. */
function wideCsv(file: string, languages: number): void {
  const bases = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'da', 'fi', 'ru'];
  const cols: string[] = [];
  for (const b of bases) for (let r = 0; r < 1000 && cols.length < languages; r++) cols.push(`${b}-${String(r).padStart(3, '0')}`);
  cols[0] = 'en';
  const lines = [['id', ...cols].join(',')];
  for (let i = 0; i < 3; i++) lines.push([String(i), ...cols.map((_, j) => `t${i}_${j}`)].join(','));
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** A cheap deterministic encoder (hash of the text → `dim` numbers): the test is about the engine's cost. */
function hashEncoder(dim: number): Encoder {
  const stats = emptyStats();
  return {
    info: { source: 'hash', name: 'hash', dim, fingerprint: 'hash', settings: {} },
    async encode(texts) {
      const m = matrix(texts.length, dim);
      texts.forEach((t, i) => {
        let h = 2166136261;
        for (let c = 0; c < t.length; c++) h = Math.imul(h ^ t.charCodeAt(c), 16777619);
        for (let j = 0; j < dim; j++) m.data[i * dim + j] = Math.sin(h * (j + 1) * 1e-3);
      });
      stats.texts += texts.length;
      return normalizeRows(m);
    },
    stats: () => ({ ...stats }),
    async dispose() {},
  };
}

describe('a CSV with 10,000 language columns and 3 rows', function () {
  this.timeout(180_000);
  let dir: string;
  let file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-wide-'));
    file = path.join(dir, 'wide.csv');
    wideCsv(file, 10_000);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads in time and memory that grow with its 30,000 cells', async () => {
    const t0 = performance.now();
    const corpus = (await loadCorpus(file)) as ParallelCorpus;
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(corpus.languages.length, 10_000);
    assert.equal(corpus.sets[0].sentences.length, 30_000);
    assert.ok(seconds < 20, `loading took ${seconds.toFixed(1)} s`);
  });

  it('bitext with the shipped defaults (2,000 languages, d = 2048): LangSeparability keeps to its budget and says it sampled', async () => {
    const small = path.join(dir, 'wide2000.csv');
    wideCsv(small, 2_000);
    const corpus = (await loadCorpus(small)) as ParallelCorpus;
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const report = await evaluateBitext(corpus, hashEncoder(2048), { pivot: 'en' });
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(Object.keys(report.pairs).length, 1_999);
    assert.ok(report.overall.LangSeparability >= 0 && report.overall.LangSeparability <= 1);
    // Budget 2·10^10 multiply-adds / (2,000 languages × 2048) = 4,882 of the 6,000 sentences.
    assert.match(report.definitions.sampling, /seeded sample of 4882 of these 6000 sentences/);
    // Before: a sorted 6,000 × 2,000 table of every score; at 10,000 languages 2.4 GB (3.2 GB RSS for the CLI).
    const grew = process.memoryUsage().rss - before;
    assert.ok(grew < 1e9, `RSS grew by ${(grew / 1e6).toFixed(0)} MB`);
    assert.ok(seconds < 120, `bitext took ${seconds.toFixed(1)} s`);
  });
});
