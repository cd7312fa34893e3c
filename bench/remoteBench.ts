import * as os from 'node:os';
import { openEncoder } from '../src/core/encoders/sources';
import { startRemoteServer } from '../test/support/remoteServer';
import type { Bench, Figures } from './figures';

const LATENCY_MS = 50;
const SERVER_LIMIT = 8;
const BATCH = 32;
const DIM = 384;
const TEXTS = 2048;
const ROUNDS = 3;

/**
 * `encoder.remote.sentences_per_sec.c{1,4,16}`: XLens's TEI client against a loopback
 * TEI-compatible stub (`POST /embed`, in this process) that takes 50 ms per batch whatever its
 * size and computes at most 8 batches at once (the rest queue, as in TEI). 2,048 distinct texts in
 * batches of 32 (64 requests), 384-dimensional answers; best of 3 per concurrency, each on a
 * freshly opened encoder (probe not timed), embedding cache off. The ideal is
 * min(concurrency, 8) × 32 texts / 50 ms.
 */
export const remoteBench: Bench = {
  name: 'remote',
  async run(): Promise<Figures> {
    const server = await startRemoteServer({ load: { latencyMs: LATENCY_MS, maxConcurrent: SERVER_LIMIT, dim: DIM } });
    const load0 = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    const figures: Figures = {};
    try {
      for (const c of [1, 4, 16]) {
        const rates: number[] = [];
        const cpuMs: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const enc = await openEncoder(`tei:${server.url}?batch=${BATCH}&concurrency=${c}`, { embeddingCache: false });
          const texts = Array.from({ length: TEXTS }, (_, i) => `round ${round} sentence ${i} for concurrency ${c}`);
          const cpu0 = process.cpuUsage();
          const t = performance.now();
          await enc.encode(texts);
          rates.push(TEXTS / ((performance.now() - t) / 1000));
          const cpu = process.cpuUsage(cpu0);
          cpuMs.push((cpu.user + cpu.system) / 1000);
          await enc.dispose();
        }
        const best = Math.max(...rates);
        const bestCpu = cpuMs[rates.indexOf(best)];
        const ideal = (Math.min(c, SERVER_LIMIT) * BATCH * 1000) / LATENCY_MS;
        figures[`encoder.remote.sentences_per_sec.c${c}`] = {
          value: Math.round(best),
          unit: 'sentences/s',
          better: 'higher',
          note:
            `concurrency ${c}: ${(best / ideal).toFixed(2)} of the ideal ${ideal} (min(${c}, ${SERVER_LIMIT}) × ${BATCH} texts / ${LATENCY_MS} ms); ` +
            `loopback TEI-compatible stub in the same process, ${LATENCY_MS} ms per batch, at most ${SERVER_LIMIT} batches at once (others queue), ` +
            `${TEXTS} distinct texts, batch ${BATCH}, dim ${DIM}; rounds ${rates.map((r) => Math.round(r)).join(', ')} (best of ${ROUNDS}); ` +
            `client + stub CPU ${Math.round(bestCpu)} ms in the best round (${((bestCpu / 1000) * best / TEXTS * 100).toFixed(0)}% of its wall time: the rest is waiting, on the 50 ms batches and on a loaded machine); ` +
            `load average ${load0} at start, ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at end`,
        };
      }
    } finally {
      await server.close();
    }
    return figures;
  },
};
