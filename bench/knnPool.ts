import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Bench, Figures } from './figures';
import { ROOT } from './paths';

const run = promisify(execFile);

/**
 * `eval.pool_500k.*`, `eval.pool_2m.*`: exact search of 2,000 queries against a generated
 * bilingual pool of 500,000 / 2,000,000 documents (d = 384, top-100, exact ranks of two relevant
 * documents per query, per-language counts above them; see knnPoolChild.ts), each in its own
 * process (peak RSS), against the floor: the best float32 GEMM of the same shapes, numpy's
 * OpenBLAS over the same pool in tiles of 65,536 documents with OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE unset in that command only (both set on these machines halve it). Floor and
 * XLens alternate, best of ROUNDS each, so load from other work hits both.
 */
const DIM = 384;
const QUERIES = 2000;
interface PoolSpec {
  name: string;
  docs: number;
  rounds: number;
  f16: boolean;
  /** Also time the search on the onnxruntime kernel (the default before the native one) in every round. */
  ortBaseline: boolean;
  /** Also time a full evaluate() of the pool (evalPoolChild.ts). */
  evaluate: boolean;
}
const POOL_500K: PoolSpec = { name: 'pool_500k', docs: 500_000, rounds: 2, f16: true, ortBaseline: true, evaluate: true };
// A full evaluate() at 2M takes about 4× the 500k one: run it with `npm run bench -- pool2m-eval`.
const POOL_2M: PoolSpec = { name: 'pool_2m', docs: 2_000_000, rounds: 1, f16: false, ortBaseline: true, evaluate: false };

const FLOOR_PY = `
import json, sys, time
import numpy as np
m, n, d, tile = (int(a) for a in sys.argv[1:5])
rng = np.random.default_rng(1)
Q = rng.standard_normal((m, d), dtype=np.float32)
D = rng.standard_normal((n, d), dtype=np.float32)
S = np.empty((m, tile), np.float32)
np.matmul(Q, D[:tile].T, out=S[:, :min(tile, n)])
c = time.process_time(); t = time.perf_counter()
for j in range(0, n, tile):
    e = min(n, j + tile)
    np.matmul(Q, D[j:e].T, out=S[:, :e - j])
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c}))
`;

// The peer: FAISS's exact IndexFlatIP top-100 on the same shapes (Debian's python3-faiss, run by
// the system python3 that package installs for; OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset as for the floor).
const FAISS_PY = `
import json, sys, time
import faiss, numpy as np
m, n, d, k = (int(a) for a in sys.argv[1:5])
rng = np.random.default_rng(1)
Q = rng.standard_normal((m, d), dtype=np.float32)
D = rng.standard_normal((n, d), dtype=np.float32)
index = faiss.IndexFlatIP(d)
index.add(D)
index.search(Q[:64], k)
c = time.process_time(); t = time.perf_counter()
index.search(Q, k)
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c, "version": faiss.__version__, "threads": faiss.omp_get_max_threads()}))
`;
const SYSTEM_PYTHON = '/usr/bin/python3';

interface Child {
  overlapped: boolean;
  searchSeconds: number;
  searchCpuSeconds: number;
  peakRssMb: number;
  vectorMb: number;
  generateSeconds: number;
  backend: string;
  rankQuartiles: { own: number[]; translation: number[] };
  ranks: number[][];
  top10: number[][];
}

async function floor(docs: number): Promise<{ seconds: number; cpu: number }> {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const { stdout } = await run('python3', ['-c', FLOOR_PY, String(QUERIES), String(docs), String(DIM), '65536'], { env, maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

async function faiss(docs: number): Promise<{ seconds: number; cpu: number; version: string; threads: number } | undefined> {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  try {
    const { stdout } = await run(SYSTEM_PYTHON, ['-c', FAISS_PY, String(QUERIES), String(docs), String(DIM), '100'], { env, maxBuffer: 1 << 20 });
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

async function xlens(docs: number, dtype: 'f32' | 'f16', backend?: 'ort'): Promise<Child> {
  const out = path.join(os.tmpdir(), `xlens-pool-${process.pid}-${docs}-${dtype}.json`);
  const args = [path.join(ROOT, 'bench', 'knnPoolChild.ts'), String(docs), String(QUERIES), String(DIM), dtype, out, ...(backend ? [backend] : [])];
  await run(process.execPath, ['--require', 'tsx/cjs', ...args], {
    cwd: ROOT,
    maxBuffer: 1 << 20,
  });
  const r = JSON.parse(fs.readFileSync(out, 'utf8')) as Child;
  fs.rmSync(out);
  return r;
}

interface Phase {
  wall: number;
  cpu: number;
  /** Garbage-collection pauses of the main thread within the phase (when measured). */
  gc?: number;
}

interface EvalChild {
  wallSeconds: number;
  cpuSeconds: number;
  corpusSeconds: number;
  readSeconds: number;
  timings: Record<string, number>;
  /** Wall and CPU seconds (all threads) of each phase of the evaluation (see evalPoolChild.ts). */
  phases: { read: Phase; scenario: Phase; lookup: Phase; search: Phase; geometry: Phase; metrics: Phase };
  vectorMb: number;
  peakRssMb: number;
  generateSeconds: number;
}

/** A full evaluate() of the same pool from a precomputed .npy table (see evalPoolChild.ts). */
async function evaluatePool(docs: number): Promise<EvalChild> {
  const out = path.join(os.tmpdir(), `xlens-evalpool-${process.pid}-${docs}.json`);
  await run(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'bench', 'evalPoolChild.ts'), String(docs), String(QUERIES), String(DIM), out], { cwd: ROOT, maxBuffer: 1 << 20 });
  const r = JSON.parse(fs.readFileSync(out, 'utf8')) as EvalChild;
  fs.rmSync(out);
  return r;
}

async function numpyAvailable(): Promise<boolean> {
  try {
    await run('python3', ['-c', 'import numpy']);
    return true;
  } catch {
    return false;
  }
}

const fmt = (x: number) => +x.toFixed(3);

/** `pool`: the 500k pool; `pool-eval`: only its full evaluate(); `pool2m`: the 2M pool (search only); `pool2m-eval`: a full evaluate() at 2M. Each writes its figures when done. */
export const knnPoolBench: Bench = { name: 'pool', run: () => measurePools([POOL_500K]) };
export const knnPool2mBench: Bench = { name: 'pool2m', run: () => measurePools([POOL_2M]) };
export const evalPool2mBench: Bench = { name: 'pool2m-eval', run: () => measurePools([{ ...POOL_2M, rounds: 0, evaluate: true }]) };
export const evalPoolBench: Bench = { name: 'pool-eval', run: () => measurePools([{ ...POOL_500K, rounds: 0, f16: false, ortBaseline: false }]) };

async function measurePools(POOLS: PoolSpec[]): Promise<Figures> {
  if (!(await numpyAvailable())) {
    process.stderr.write('bench pool: skipped, python3 with numpy is needed for the floor (apt-get install python3-numpy)\n');
    return {};
  }
  const figures: Figures = {};
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  for (const p of POOLS) {
    const loadBefore = load();
    let best: Child | undefined;
    let before: Child | undefined;
    let bestFloor: { seconds: number; cpu: number } | undefined;
    let bestFaiss: Awaited<ReturnType<typeof faiss>>;
    const all: string[] = [];
    for (let r = 0; r < p.rounds; r++) {
      const f = await floor(p.docs);
      if (!bestFloor || f.seconds < bestFloor.seconds) bestFloor = f;
      const peer = await faiss(p.docs);
      if (peer && (!bestFaiss || peer.seconds < bestFaiss.seconds)) bestFaiss = peer;
      const x = await xlens(p.docs, 'f32');
      if (!best || x.searchSeconds < best.searchSeconds) best = x;
      all.push(`round ${r + 1}: floor ${fmt(f.seconds)} s (CPU ${fmt(f.cpu)}), ${peer ? `FAISS ${fmt(peer.seconds)} s (CPU ${fmt(peer.cpu)}), ` : ''}XLens ${fmt(x.searchSeconds)} s (CPU ${fmt(x.searchCpuSeconds)})`);
      if (p.ortBaseline) {
        const b = await xlens(p.docs, 'f32', 'ort');
        if (!before || b.searchSeconds < before.searchSeconds) before = b;
        all[all.length - 1] += `, onnxruntime kernel ${fmt(b.searchSeconds)} s (CPU ${fmt(b.searchCpuSeconds)})`;
      }
    }
    if (best && bestFloor) {
      const x = best;
      const fl = bestFloor;
      const flops = 2 * QUERIES * p.docs * DIM;
      const base = `2,000 × ${p.docs.toLocaleString('en-US')} × 384 float32, top-100 + exact ranks of 2 relevant docs/query + per-language counts, backend ${x.backend}, ${os.availableParallelism()} cores`;
      const where = `rank quartiles own ${x.rankQuartiles.own.join('/')}, translation ${x.rankQuartiles.translation.join('/')}; best of ${p.rounds}, floor, FAISS, XLens and the ORT kernel alternating; load average ${loadBefore} at start, ${load()} at end`;
      figures[`eval.${p.name}.search_seconds`] = {
        value: fmt(x.searchSeconds),
        unit: 's',
        better: 'lower',
        note: `${base}; tiles scored ${x.overlapped ? 'on the kernel\'s threads, overlapped with the scan of the previous tile' : 'on the scanning thread'}; CPU ${fmt(x.searchCpuSeconds)} s (all threads); generating the pool (not timed) ${fmt(x.generateSeconds)} s; ${all.join('; ')}; ${where}`,
      };
      if (before) {
        const same = JSON.stringify(before.ranks) === JSON.stringify(x.ranks);
        figures[`eval.${p.name}.ort.search_seconds`] = {
          value: fmt(before.searchSeconds),
          unit: 's',
          better: 'lower',
          note: `the same search on the onnxruntime kernel (backend ort, the default before the native kernel), best of ${p.rounds} in the same bench, alternating; CPU ${fmt(before.searchCpuSeconds)} s; ${(before.searchSeconds / fl.seconds).toFixed(2)}× the floor; relevant-document ranks ${same ? 'identical to' : 'DIFFERENT from'} the default kernel's`,
        };
      }
      figures[`eval.${p.name}.floor_seconds`] = {
        value: fmt(fl.seconds),
        unit: 's',
        better: 'lower',
        note: `numpy/OpenBLAS float32 matmul of the same shapes in tiles of 65,536 docs (${(flops / fl.seconds / 1e9).toFixed(0)} GFLOP/s wall, CPU ${fmt(fl.cpu)} s), OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for that command; ${where}`,
      };
      if (bestFaiss) {
        figures[`eval.${p.name}.faiss_seconds`] = {
          value: fmt(bestFaiss.seconds),
          unit: 's',
          better: 'lower',
          note: `the peer: FAISS ${bestFaiss.version} (Debian python3-faiss, OpenBLAS, ${bestFaiss.threads} threads) IndexFlatIP exact top-100 of the same shapes (search only; adding the vectors not timed); CPU ${fmt(bestFaiss.cpu)} s; ${(bestFaiss.seconds / fl.seconds).toFixed(2)}× the floor; XLens ${(x.searchSeconds / bestFaiss.seconds).toFixed(2)}× FAISS's time (and XLens also counts the exact ranks and per-language counts FAISS does not give); ${where}`,
        };
      } else {
        process.stderr.write(`bench pool: no FAISS peer (${SYSTEM_PYTHON} cannot import faiss: apt-get install python3-faiss)\n`);
      }
      figures[`eval.${p.name}.fraction_of_floor`] = {
        value: +(x.searchSeconds / fl.seconds).toFixed(2),
        unit: '×',
        better: 'lower',
        target: 2,
        note: `search_seconds / floor_seconds (same run); by CPU time ${(x.searchCpuSeconds / fl.cpu).toFixed(2)}×`,
      };
      figures[`eval.${p.name}.peak_rss_mb`] = {
        value: x.peakRssMb,
        unit: 'MB',
        better: 'lower',
        target: x.vectorMb + 1024,
        note: `maxRSS of the process that generated the pool and searched it; vectors ${x.vectorMb} MB (target: vectors + 1 GB)`,
      };
      if (p.f16) {
        const h = await xlens(p.docs, 'f16');
        let same = 0;
        let total = 0;
        let maxDiff = 0;
        let within = 0;
        let topSame = 0;
        h.ranks.forEach((r, i) =>
          r.forEach((v, j) => {
            total++;
            if (v === x.ranks[i][j]) same++;
            const rel = Math.abs(v - x.ranks[i][j]) / x.ranks[i][j];
            maxDiff = Math.max(maxDiff, rel);
            if (rel <= 0.01) within++;
          }),
        );
        h.top10.forEach((t, i) => (topSame += t.filter((j) => x.top10[i].includes(j)).length));
        figures[`eval.${p.name}.f16.search_seconds`] = {
          value: fmt(h.searchSeconds),
          unit: 's',
          better: 'lower',
          note: `the same search over a float16 pool (widened to float32 a tile at a time); CPU ${fmt(h.searchCpuSeconds)} s; one run`,
        };
        figures[`eval.${p.name}.f16.peak_rss_mb`] = { value: h.peakRssMb, unit: 'MB', better: 'lower', target: h.vectorMb + 1024, note: `vectors ${h.vectorMb} MB (float16)` };
        figures[`eval.${p.name}.f16.rank_agreement`] = {
          value: +(same / total).toFixed(4),
          unit: 'fraction',
          better: 'higher',
          note: `share of the ${total} relevant-document ranks identical to float32's; ${((100 * within) / total).toFixed(2)}% within 1%; largest relative rank change ${(100 * maxDiff).toFixed(2)}%; top-10 overlap ${((100 * topSame) / (10 * h.top10.length)).toFixed(2)}%`,
        };
      }
    }
    if (p.evaluate) {
      const ev = await evaluatePool(p.docs);
      const ph = ev.phases;
      const sec = (x: Phase) => `${fmt(x.wall)} s (CPU ${fmt(x.cpu)} s)`;
      // Outside search: reading the table, the text lookups, and the metrics (geometry figures + per-query metrics and aggregation).
      const metrics: Phase = { wall: ph.geometry.wall + ph.metrics.wall, cpu: ph.geometry.cpu + ph.metrics.cpu };
      const outside: Array<[string, Phase]> = [['reading', ph.read], ['text lookup', ph.lookup], ['building the scenario and its unit lists', ph.scenario], ['metrics', metrics]];
      const over = outside.filter(([, x]) => x.wall > ph.search.wall).map(([name]) => name);
      const base = `a full evaluate() (bilingual de+en, 2,000 queries, k 1/10/100) from a precomputed: .npy table of ${p.docs.toLocaleString('en-US')} passages + the queries (writing it not timed)`;
      figures[`eval.${p.name}.wall_seconds`] = {
        value: fmt(ev.wallSeconds),
        unit: 's',
        better: 'lower',
        note:
          `${base}: reading the table ${sec(ph.read)}, building the corpus ${fmt(ev.corpusSeconds)} s, building the scenario and its unit lists ${sec(ph.scenario)}, text lookup ${sec(ph.lookup)}, ` +
          `search with exact ranks and per-language counts ${sec(ph.search)}, geometry figures ${sec(ph.geometry)}, per-query metrics and aggregation ${sec(ph.metrics)}; ` +
          `${over.length ? `MISSED: ${over.join(', ')} cost${over.length === 1 ? 's' : ''} more than search` : 'nothing outside search costs more than search'}; CPU ${fmt(ev.cpuSeconds)} s; peak RSS ${ev.peakRssMb} MB; one run; load average ${load()} after it`,
      };
      const phase = (key: string, x: Phase, what: string) =>
        (figures[`eval.${p.name}.${key}`] = { value: fmt(x.wall), unit: 's', better: 'lower', target: fmt(ph.search.wall), note: `${what}, within the evaluate() of wall_seconds; CPU ${fmt(x.cpu)} s (all threads); target: below its search (${fmt(ph.search.wall)} s)` });
      phase('read_seconds', ph.read, 'opening the precomputed: .npy table (hashing the file, checking every value, indexing the texts)');
      phase('lookup_seconds', ph.lookup, "the encoder's text lookups: the rows of every query and passage read from the table into one matrix and normalised");
      figures[`eval.${p.name}.eval_search_seconds`] = {
        value: fmt(ph.search.wall),
        unit: 's',
        better: 'lower',
        note: `search inside that evaluate(): top-100, exact ranks of 2 relevant documents per query and per-language counts; CPU ${fmt(ph.search.cpu)} s (all threads), garbage-collection pauses ${fmt(ph.search.gc ?? NaN)} s; compare search_seconds, the same search alone in its process`,
      };
      phase('metrics_seconds', metrics, `geometry figures (Uniformity, LangSeparability) ${sec(ph.geometry)} + per-query metrics and aggregation ${sec(ph.metrics)}`);
      figures[`eval.${p.name}.eval_peak_rss_mb`] = {
        value: ev.peakRssMb,
        unit: 'MB',
        better: 'lower',
        target: ev.vectorMb + 1024,
        note: `maxRSS of the process that built the corpus and ran that evaluate(); vectors (pool + queries, float32) ${ev.vectorMb} MB (target: vectors + 1 GB)`,
      };
    }
  }
  return figures;
}
