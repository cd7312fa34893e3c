import * as os from 'node:os';
import { UMAP } from 'umap-js';
import { rng } from '../src/core/metrics/stats';
import { ivfKnn } from '../src/core/projection/approxKnn';
import { exactKnn, type Knn } from '../src/core/projection/knnGraph';
import { knnRecall, layoutNeighboursOf } from '../src/core/projection/quality';
import { umapLayout } from '../src/core/projection/umap';
import { search } from '../src/core/retrieval';
import type { Matrix } from '../src/core/vectors';
import { seconds, type Bench, type Figures } from './figures';

/**
 * `umap.20k.seconds`: XLens's UMAP (exact kNN + fuzzy graph + PCA start + 200 seeded SGD epochs)
 * of 20,000 384-d points shaped like multilingual sentence embeddings (2,000 parallel groups ×
 * 10 languages, groups in 40 topics, a per-language offset and noise). For the record, umap-js 1.4
 * on the same points fed the same exact neighbours, and the 2-D kNN recall of both layouts.
 * XLENS_BENCH_UMAPJS=0 skips the (slow, ~45 s) umap-js run; XLENS_BENCH_UMAPJS=full also times
 * umap-js with its own neighbour search (another ~60 s).
 *
 * `umap.100k.seconds`: the same at 100,000 points (10,000 groups), with the shipped defaults (from
 * IVF_FROM points on, approximate IVF neighbours), then, for the record, the exact kNN (its time,
 * the IVF neighbours' recall against it) and the layout fed the exact neighbours (its SGD time and
 * 2-D recall, against the default layout's). XLENS_BENCH_UMAP100K=0 skips it (~2 min).
 *
 * `umap.1m.seconds` (only with XLENS_BENCH_UMAP1M=1: many minutes, ~3 GB of memory): the shipped
 * defaults at 1,000,000 points (100,000 groups; 1.5 GB of float32 vectors), timed as its two
 * halves: the IVF neighbours (ivfKnn, seed 42: what umapLayout's default searches from IVF_FROM
 * points on) and umapLayout given them. An exact kNN of all points (10^12 dot products) is out of
 * reach, so the neighbours' recall and the layout's 2-D recall are measured on a seeded sample of
 * SAMPLE_1M points: their exact neighbours by brute force against all points, their 2-D
 * neighbours by brute force over the whole layout.
 */
const GROUPS = 2000;
const LANGS = 10;
const DIM = 384;
const K = 15;

export const umapBench: Bench = {
  name: 'umap',
  async run(): Promise<Figures> {
    const vectors = syntheticEmbeddings(GROUPS, LANGS, DIM, 7);
    const n = vectors.rows;
    const t = performance.now();
    const ours = await umapLayout(vectors, { neighbors: K, seed: 42 });
    const total = seconds(t);
    const knn = await exactKnn(vectors, K);
    const recall = +knnRecall(knn, ours.coords).toFixed(3);
    const { knn: tk, graph, init, epochs } = ours.timings;
    const figures: Figures = {
      'umap.20k.seconds': {
        value: total,
        unit: 's',
        better: 'lower',
        target: 20,
        note: `${n} × ${DIM}, k = ${K}, ${ours.epochs} epochs: exact kNN ${tk} s, fuzzy graph ${graph} s, PCA init ${init} s, SGD ${epochs} s; 2-D kNN recall@${K} ${recall}`,
      },
      'umap.20k.knn_recall': { value: recall, unit: 'share', better: 'higher', note: `share of each point's ${K} exact neighbours among its ${K} nearest in the XLens layout` },
    };
    if (process.env.XLENS_BENCH_UMAPJS !== '0') {
      const t0 = performance.now();
      const coords = umapJsLayout(vectors, knn, 42);
      const js = seconds(t0);
      const jsRecall = +knnRecall(knn, coords).toFixed(3);
      figures['umap.20k.umap_js_exact_knn.seconds'] = {
        value: js,
        unit: 's',
        better: 'lower',
        note: `umap-js 1.4 on the same points fed the same exact neighbours (kNN time not included), default epochs; 2-D kNN recall@${K} ${jsRecall}`,
      };
      figures['umap.20k.umap_js.knn_recall'] = { value: jsRecall, unit: 'share', better: 'higher', note: 'as umap.20k.knn_recall, for the umap-js layout' };
    }
    if (process.env.XLENS_BENCH_UMAPJS === 'full') {
      const t1 = performance.now();
      const coords = umapJsLayout(vectors, undefined, 42);
      figures['umap.20k.umap_js_own_knn.seconds'] = {
        value: seconds(t1),
        unit: 's',
        better: 'lower',
        note: `umap-js 1.4 with its own approximate neighbour search (NN-descent, cosine), default epochs; 2-D kNN recall@${K} ${knnRecall(knn, coords).toFixed(3)}`,
      };
    }
    if (process.env.XLENS_BENCH_UMAP100K !== '0') Object.assign(figures, await umap100k());
    if (process.env.XLENS_BENCH_UMAP1M === '1') Object.assign(figures, await umap1m());
    return figures;
  },
};

async function umap100k(): Promise<Figures> {
  const vectors = syntheticEmbeddings(5 * GROUPS, LANGS, DIM, 7); // 10,000 groups × 10 languages
  const n = vectors.rows;
  const load0 = loadavg();
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const ours = await umapLayout(vectors, { neighbors: K, seed: 42 });
  const total = seconds(t);
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = ((cpu.user + cpu.system) / 1e6).toFixed(1);
  const t1 = performance.now();
  const exact = await exactKnn(vectors, K);
  const exactSeconds = seconds(t1);
  const approx = await ivfKnn(vectors, K, { seed: 42 });
  const knnHit = neighbourRecall(exact, approx);
  const recall = +knnRecall(exact, ours.coords).toFixed(3);
  const withExact = await umapLayout(vectors, { neighbors: K, seed: 42, knn: exact });
  const exactRecall = +knnRecall(exact, withExact.coords).toFixed(3);
  const { knn: tk, graph, init, epochs } = ours.timings;
  const where = `load average ${load0} at start, ${loadavg()} at end (2 cores, shared)`;
  return {
    'umap.100k.seconds': {
      value: total,
      unit: 's',
      better: 'lower',
      target: 20,
      note: `${n} × ${DIM}, k = ${K}, ${ours.epochs} epochs, defaults: ${ours.knnMethod} kNN ${tk} s (${approx.lists} cells, ${approx.probes} probed, ${approx.exactRows} points searched exactly; recall@${K} against exact ${knnHit.toFixed(3)}, its own estimate ${approx.recall.toFixed(3)} ± ${approx.recallStdError.toFixed(3)} (standard error) on ${approx.recallSample} sampled points), fuzzy graph ${graph} s, PCA init ${init} s, SGD ${epochs} s; process CPU ${cpuSeconds} s; 2-D kNN recall@${K} ${recall} (fed the exact neighbours instead: ${exactRecall}, exact kNN ${exactSeconds} s, SGD ${withExact.timings.epochs} s); ${where}`,
    },
    'umap.100k.knn_recall': { value: recall, unit: 'share', better: 'higher', note: `as umap.20k.knn_recall at 100,000 points, default (${ours.knnMethod}) neighbours; ${exactRecall} with exact neighbours` },
    'umap.100k.ivf_knn_recall': { value: +knnHit.toFixed(3), unit: 'share', better: 'higher', target: 0.9, note: `share of each point's ${K} exact nearest neighbours among its ${K} IVF neighbours (${approx.lists} cells, ${approx.probes} probed)` },
  };
}

const SAMPLE_1M = 1000;

async function umap1m(): Promise<Figures> {
  const vectors = syntheticEmbeddings(50 * GROUPS, LANGS, DIM, 7); // 100,000 groups × 10 languages
  const n = vectors.rows;
  const load0 = loadavg();
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const approx = await ivfKnn(vectors, K, { seed: 42 });
  const knnSeconds = seconds(t);
  const ours = await umapLayout(vectors, { neighbors: K, seed: 42, knn: approx });
  const total = seconds(t);
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = ((cpu.user + cpu.system) / 1e6).toFixed(0);
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const loadEnd = loadavg();

  // A seeded sample: exact neighbours against all points, 2-D neighbours over the whole layout.
  const rand = rng(99);
  const picked = new Set<number>();
  while (picked.size < SAMPLE_1M) picked.add(Math.floor(rand() * n));
  const sample = [...picked].sort((x, y) => x - y);
  const queries: Matrix = { rows: sample.length, dim: DIM, data: new Float32Array(sample.length * DIM) };
  sample.forEach((i, r) => queries.data.set(vectors.data.subarray(i * DIM, (i + 1) * DIM), r * DIM));
  const top = await search(queries, vectors, { k: K + 1 });
  let knnHits = 0;
  let layoutHits = 0;
  sample.forEach((i, r) => {
    const exact = new Set<number>();
    for (let x = 0; x < top.k && exact.size < K; x++) if (top.indices[r * top.k + x] !== i) exact.add(top.indices[r * top.k + x]);
    for (let x = 0; x < K; x++) if (exact.has(approx.indices[i * K + x])) knnHits++;
    for (const j of layoutNeighbours(ours.coords, i, K)) if (exact.has(j)) layoutHits++;
  });
  const knnRecall1m = knnHits / (SAMPLE_1M * K);
  const layoutRecall = +(layoutHits / (SAMPLE_1M * K)).toFixed(3);
  const { graph, init, epochs } = ours.timings;
  const where = `load average ${load0} at start, ${loadEnd} at end (2 cores, shared)`;
  return {
    'umap.1m.seconds': {
      value: total,
      unit: 's',
      better: 'lower',
      target: 300,
      note: `${n} × ${DIM}, k = ${K}, ${ours.epochs} epochs, defaults: ivf kNN ${knnSeconds} s (${approx.lists} cells, ${approx.probes} probed, ${approx.exactRows} points searched exactly; its own recall estimate ${approx.recall.toFixed(3)} ± ${approx.recallStdError.toFixed(3)} (standard error) on ${approx.recallSample} sampled points), fuzzy graph ${graph} s, PCA init ${init} s, SGD ${epochs} s; process CPU ${cpuSeconds} s; peak RSS ${peakMb} MB (vectors ${Math.round((n * DIM * 4) / 2 ** 20)} MB); on a seeded sample of ${SAMPLE_1M} points: kNN recall@${K} against exact ${knnRecall1m.toFixed(3)}, 2-D kNN recall@${K} ${layoutRecall}; ${where}`,
    },
    'umap.1m.ivf_knn_recall': {
      value: +knnRecall1m.toFixed(3),
      unit: 'share',
      better: 'higher',
      target: 0.9,
      note: `share of each sampled point's ${K} exact nearest neighbours (brute force against all ${n}) among its ${K} IVF neighbours; seeded sample of ${SAMPLE_1M} points`,
    },
    'umap.1m.knn_recall': { value: layoutRecall, unit: 'share', better: 'higher', note: `as umap.20k.knn_recall at 1,000,000 points (default ivf neighbours), on a seeded sample of ${SAMPLE_1M} points` },
  };
}

/** Point i's k nearest other points in the layout (brute force over all points). */
function layoutNeighbours(coords: Float32Array, i: number, k: number): number[] {
  return Array.from(layoutNeighboursOf(coords, i, new Float64Array(k), new Int32Array(k)));
}

/** Share of each point's exact neighbours among its approximate ones. */
function neighbourRecall(exact: Knn, approx: Knn): number {
  let hit = 0;
  for (let i = 0; i < exact.n; i++) {
    const s = new Set(exact.indices.subarray(i * exact.k, (i + 1) * exact.k));
    for (let x = 0; x < approx.k; x++) if (s.has(approx.indices[i * approx.k + x])) hit++;
  }
  return hit / (exact.n * exact.k);
}

function loadavg(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}

/** Cosine distance of unit vectors, for umap-js's own search. */
const cosine = (x: number[], y: number[]): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return 1 - s;
};

/** umap-js 1.4, seeded, fed precomputed neighbours (cosine distances) or, without `knn`, searching its own; x, y interleaved. */
export function umapJsLayout(vectors: Matrix, knn: Knn | undefined, seed: number, epochs?: number): Float32Array {
  const rows: number[][] = [];
  for (let i = 0; i < vectors.rows; i++) rows.push(Array.from(vectors.data.subarray(i * vectors.dim, (i + 1) * vectors.dim)));
  const umap = new UMAP({ nNeighbors: knn?.k ?? K, nEpochs: epochs, random: rng(seed), distanceFn: cosine });
  if (knn) {
    const indices: number[][] = [];
    const distances: number[][] = [];
    for (let i = 0; i < knn.n; i++) {
      indices.push(Array.from(knn.indices.subarray(i * knn.k, (i + 1) * knn.k)));
      distances.push(Array.from(knn.distances.subarray(i * knn.k, (i + 1) * knn.k)));
    }
    umap.setPrecomputedKNN(indices, distances);
  }
  const out = umap.fit(rows);
  return Float32Array.from(out.flat());
}

/**
 * Unit vectors shaped like multilingual sentence embeddings: `groups` parallel groups (translations
 * of one sentence) in `languages` languages. A group's centre lies near one of groups/50 topic
 * directions; each language adds its own offset (the language signal real models keep) and each
 * sentence some noise. Rows are ordered group-major: row = group · languages + language.
 */
export function syntheticEmbeddings(groups: number, languages: number, dim: number, seed: number): Matrix {
  const rand = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const unit = () => {
    const v = new Float64Array(dim);
    let s = 0;
    for (let d = 0; d < dim; d++) s += (v[d] = gauss()) ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) v[d] *= inv;
    return v;
  };
  const topics = Array.from({ length: Math.max(1, Math.round(groups / 50)) }, unit);
  const langs = Array.from({ length: languages }, unit);
  const data = new Float32Array(groups * languages * dim);
  for (let g = 0; g < groups; g++) {
    const topic = topics[Math.floor(rand() * topics.length)];
    const own = unit();
    for (let l = 0; l < languages; l++) {
      const noise = unit();
      const o = (g * languages + l) * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const x = topic[d] + 0.9 * own[d] + 0.45 * langs[l][d] + 0.35 * noise[d];
        data[o + d] = x;
        s += x * x;
      }
      const inv = 1 / Math.sqrt(s);
      for (let d = 0; d < dim; d++) data[o + d] *= inv;
    }
  }
  return { rows: groups * languages, dim, data };
}
