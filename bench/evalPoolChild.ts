import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import type { QACorpus } from '../src/core/data/corpus';
import type { Encoder } from '../src/core/encoders/encoder';
import { openPrecomputed } from '../src/core/encoders/precomputed';
import { evaluate } from '../src/core/eval/evaluate';
import { poolSpec } from './knnPoolChild';

/**
 * One full `evaluate()` of the generated bilingual pool of knnPoolChild.ts (de passages = the
 * first half, en = the second; query i asks for a_i and its translation b_i) from a `precomputed:`
 * .npy table with its texts file, alone in its process (peak RSS). Run by knnPool.ts as
 * `node --require tsx/cjs bench/evalPoolChild.ts <docs> <queries> <dim> <out.json>`.
 * Timed, wall and CPU (all threads) per phase: opening the table (reading), building the scenario,
 * the encoder's text lookups, search (with the exact ranks and per-language counts), the geometry
 * figures, and the per-query metrics with their aggregation, each with its garbage-collection
 * pauses. Writing the table is not.
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
    // In a function of its own: the half-million texts must not stay alive (and be marked by
    // every garbage collection) while the evaluation runs.
    writeTexts(path.join(dir, 'table.txt'), n, m, docText);
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
    const clock = phaseClock();
    const encoder = await openPrecomputed(npy);
    clock.mark('read');
    // The encoder's calls are the text lookups; evaluate's progress phases mark the rest.
    const lookups = { wall: 0, cpu: 0 };
    const timed: Encoder = {
      info: encoder.info,
      stats: () => encoder.stats(),
      dispose: () => encoder.dispose(),
      async encode(texts, o) {
        const [w, c] = [performance.now(), process.cpuUsage()];
        try {
          return await encoder.encode(texts, o);
        } finally {
          const u = process.cpuUsage(c);
          lookups.wall += (performance.now() - w) / 1000;
          lookups.cpu += (u.user + u.system) / 1e6;
        }
      },
    };
    // Each progress phase below starts a phase of the clock; the one that ends names it.
    const ends: Record<string, string> = { 'geometry figures': 'search', 'scoring queries': 'geometry' };
    const report = await evaluate(corpus, timed, {
      scenario: 'bilingual',
      langs: ['de'],
      pivot: 'en',
      k: [1, 10, 100],
      onProgress: (p) => {
        if (p.phase.startsWith('searching ') && !clock.phases.scenarioAndLookup) clock.mark('scenarioAndLookup');
        else if (ends[p.phase]) clock.mark(ends[p.phase]);
      },
    });
    clock.mark('metrics');
    const wallSeconds = (performance.now() - t) / 1000;
    const c = process.cpuUsage(cpu);
    await encoder.dispose();
    await clock.gcSeconds();
    const { read, scenarioAndLookup, search, geometry, metrics } = clock.phases;
    const phases = {
      read,
      scenario: { wall: scenarioAndLookup.wall - lookups.wall, cpu: scenarioAndLookup.cpu - lookups.cpu },
      lookup: lookups,
      search,
      geometry,
      metrics,
    };
    fs.writeFileSync(
      outFile,
      JSON.stringify({
        docs: n,
        queries: m,
        generateSeconds,
        wallSeconds,
        cpuSeconds: (c.user + c.system) / 1e6,
        corpusSeconds,
        readSeconds: read.wall,
        timings: report.timings,
        phases,
        // Every vector evaluate holds: the pool and the queries, float32.
        vectorMb: Math.round(((n + m) * d * 4) / 2 ** 20),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        maxR: report.overall['Max@R.median'],
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function writeTexts(file: string, n: number, m: number, docText: (j: number) => string): void {
  const texts: string[] = [];
  for (let j = 0; j < n; j++) texts.push(docText(j));
  for (let i = 0; i < m; i++) texts.push(`de question ${i}`);
  fs.writeFileSync(file, texts.join('\n') + '\n');
}

/**
 * Wall and CPU seconds (all threads) of consecutive phases: `mark(name)` ends the phase `name`.
 * `gcSeconds()` adds each phase's garbage-collection pauses (main thread), once they are reported.
 */
function phaseClock() {
  const phases: Record<string, { wall: number; cpu: number; gc?: number }> = {};
  const spans: Array<{ name: string; from: number; to: number }> = [];
  const pauses: Array<{ at: number; seconds: number }> = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => pauses.push({ at: e.startTime, seconds: e.duration / 1000 })));
  observer.observe({ entryTypes: ['gc'] });
  let [w, c] = [performance.now(), process.cpuUsage()];
  return {
    phases,
    mark(name: string) {
      const u = process.cpuUsage(c);
      const now = performance.now();
      phases[name] = { wall: (now - w) / 1000, cpu: (u.user + u.system) / 1e6 };
      spans.push({ name, from: w, to: now });
      [w, c] = [performance.now(), process.cpuUsage()];
    },
    async gcSeconds() {
      await new Promise((r) => setTimeout(r, 50));
      observer.disconnect();
      for (const { name, from, to } of spans) phases[name].gc = pauses.filter((p) => p.at >= from && p.at < to).reduce((a, p) => a + p.seconds, 0);
    },
  };
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
