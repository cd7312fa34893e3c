import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { QACorpus } from '../src/core/data/corpus';
import { openPrecomputed } from '../src/core/encoders/precomputed';
import { evaluate } from '../src/core/eval/evaluate';
import { poolSpec } from './knnPoolChild';

/**
 * One full `evaluate()` of the generated bilingual pool of knnPoolChild.ts (de passages = the
 * first half, en = the second; query i asks for a_i and its translation b_i) from a `precomputed:`
 * .npy table with its texts file, alone in its process (peak RSS). Run by knnPool.ts as
 * `node --require tsx/cjs bench/evalPoolChild.ts <docs> <queries> <dim> <out.json>`.
 * Timed: opening the table (reading), the encoder's text lookups (encode), search with every
 * per-query metric (search), aggregation and geometry figures (metrics). Writing the table is not.
 */
async function main(): Promise<void> {
  const [n, m, d] = process.argv.slice(2, 5).map(Number);
  const outFile = process.argv[5];
  let t = performance.now();
  const { Q, relevant, row } = poolSpec(n, m, d);
  const half = Math.floor(n / 2);
  const docText = (j: number) => (j < half ? `de passage ${j}` : `en passage ${j - half}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-evalpool-'));
  const npy = path.join(dir, 'table.npy');
  try {
    // The table: every passage, then the queries, streamed to disk (no second copy in memory).
    const rows = n + m;
    const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${d}), }`;
    const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
    const head = Buffer.alloc(total, 0x20);
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
    head.writeUInt16LE(total - 10, 8);
    head.write(dict, 10, 'latin1');
    head[total - 1] = 0x0a;
    const fd = fs.openSync(npy, 'w');
    fs.writeSync(fd, head);
    const block = 4096;
    const buf = new Float32Array(block * d);
    for (let j0 = 0; j0 < n; j0 += block) {
      const c = Math.min(block, n - j0);
      for (let j = 0; j < c; j++) row(j0 + j, buf.subarray(j * d, (j + 1) * d));
      fs.writeSync(fd, new Uint8Array(buf.buffer, 0, c * d * 4));
    }
    fs.writeSync(fd, new Uint8Array(Q.data.buffer, Q.data.byteOffset, Q.data.byteLength));
    fs.closeSync(fd);
    const texts: string[] = [];
    for (let j = 0; j < n; j++) texts.push(docText(j));
    for (let i = 0; i < m; i++) texts.push(`de question ${i}`);
    fs.writeFileSync(path.join(dir, 'table.txt'), texts.join('\n') + '\n');
    const generateSeconds = (performance.now() - t) / 1000;

    if (typeof global.gc === 'function') global.gc();
    const cpu = process.cpuUsage();
    t = performance.now();
    const tc = performance.now();
    const corpus: QACorpus = {
      kind: 'qa',
      name: 'generated',
      format: 'jsonl',
      path: 'generated',
      unit: 'passage',
      languages: [
        { code: 'de', label: 'de' },
        { code: 'en', label: 'en' },
      ],
      skipped: [],
      queries: Array.from({ length: m }, (_, i) => ({ id: `de/q${i}`, key: `q${i}`, lang: 'de', text: `de question ${i}` })),
      docs: Array.from({ length: n }, (_, j) => ({ id: j < half ? `de/p${j}` : `en/p${j - half}`, group: `g${j}`, lang: j < half ? 'de' : 'en', text: docText(j) })),
      qrels: new Map([
        ['de', new Map(relevant.map((r, i) => [`q${i}`, [`de/p${r[0]}`]]))],
        ['en', new Map(relevant.map((r, i) => [`q${i}`, [`en/p${r[1] - half}`]]))],
      ]),
    };
    const corpusSeconds = (performance.now() - tc) / 1000;
    const to = performance.now();
    const encoder = await openPrecomputed(npy);
    const readSeconds = (performance.now() - to) / 1000;
    const report = await evaluate(corpus, encoder, { scenario: 'bilingual', langs: ['de'], pivot: 'en', k: [1, 10, 100] });
    const wallSeconds = (performance.now() - t) / 1000;
    const c = process.cpuUsage(cpu);
    await encoder.dispose();
    fs.writeFileSync(
      outFile,
      JSON.stringify({
        docs: n,
        queries: m,
        generateSeconds,
        wallSeconds,
        cpuSeconds: (c.user + c.system) / 1e6,
        corpusSeconds,
        readSeconds,
        timings: report.timings,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        maxR: report.overall['Max@R.median'],
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
