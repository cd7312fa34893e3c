import * as fs from 'node:fs';
import { nativeIsa, search } from '../src/core/retrieval';
import { f16Rows, toF16, type RowSource } from '../src/core/store/rowSource';
import { matrix, normalizeRows, type Matrix } from '../src/core/vectors';

/**
 * One measured exact search over a generated bilingual pool, alone in its process so that its
 * peak RSS is the search's own (vectors + what the search adds). Run by knnPool.ts as
 * `node --require tsx/cjs bench/knnPoolChild.ts <docs> <queries> <dim> <f32|f16> <out.json> [ort]`
 * (`ort`: the ONNX Runtime kernel, the default before the native one).
 *
 * The pool: `docs` random unit vectors, the first half labelled language 0, the second half 1.
 * Query i is a noisy copy of document a_i (language 0), noise growing with i so that a_i's rank
 * ranges from the top to a few percent deep; document b_i (language 1, its "translation") is a
 * noisy copy of a_i. Each query asks top-100 and the exact ranks of a_i and b_i with per-language
 * counts above them, as a bilingual XLens evaluation does.
 */
const K = 100;

/** Uniform values in [-1, 1) from a seeded xorshift32 (seed 0 is mapped to 1). */
function fill(out: Float32Array, seed: number): Float32Array {
  let x = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) / 2147483648 - 1;
  }
  return out;
}

function normalize(v: Float32Array): Float32Array {
  normalizeRows({ rows: 1, dim: v.length, data: v });
  return v;
}

/**
 * The pool row by row (any row can be made on its own, so a float16 pool never needs a float32
 * copy, and both hold the very same vectors before rounding) and the queries.
 */
export function poolSpec(n: number, m: number, d: number) {
  const half = Math.floor(n / 2);
  // Noise of variance 1/3 per coordinate, scaled so that its norm is about σ.
  const unit = Math.sqrt(3 / d);
  const a = Int32Array.from({ length: m }, (_, i) => (i * 7919) % half);
  const translationOf = new Map<number, number>();
  for (let i = 0; i < m; i++) translationOf.set(half + ((i * 7919 + 13) % (n - half)), i);
  const base = (j: number, out: Float32Array) => normalize(fill(out, Math.imul(j + 1, 0x9e3779b1)));
  const noise = new Float32Array(d);
  const row = (j: number, out: Float32Array): Float32Array => {
    const i = translationOf.get(j);
    if (i === undefined) return base(j, out);
    base(a[i], out);
    fill(noise, Math.imul(j + 1, 0x85ebca6b) ^ 0x5bd1e995);
    for (let t = 0; t < d; t++) out[t] += 0.6 * unit * noise[t];
    return normalize(out);
  };
  const Q = matrix(m, d);
  for (let i = 0; i < m; i++) {
    // cos(query, a_i) from about 0.55 down to 0.1: a_i ranks from first to a few percent deep.
    const q = Q.data.subarray(i * d, (i + 1) * d);
    base(a[i], q);
    fill(noise, Math.imul(i + 1, 0xc2b2ae35) ^ 0x27d4eb2f);
    const sigma = (1.5 + (8.5 * i) / m) * unit;
    for (let t = 0; t < d; t++) q[t] += sigma * noise[t];
    normalize(q);
  }
  const relevant = Array.from({ length: m }, (_, i) => Int32Array.of(a[i], half + ((i * 7919 + 13) % (n - half))));
  const labels = new Uint16Array(n);
  labels.fill(1, half);
  return { Q, relevant, labels, row };
}

async function main(): Promise<void> {
  const [n, m, d] = process.argv.slice(2, 5).map(Number);
  const dtype = process.argv[5];
  const outFile = process.argv[6];
  let t = performance.now();
  const { Q, relevant, labels, row } = poolSpec(n, m, d);
  let docs: Matrix | RowSource;
  if (dtype === 'f16') {
    const half = new Uint16Array(n * d);
    const v = new Float32Array(d);
    for (let j = 0; j < n; j++) {
      row(j, v);
      for (let x = 0; x < d; x++) half[j * d + x] = toF16(v[x]);
    }
    docs = f16Rows(n, d, half);
  } else {
    const D = matrix(n, d);
    for (let j = 0; j < n; j++) row(j, D.data.subarray(j * d, (j + 1) * d));
    docs = D;
  }
  const generateSeconds = (performance.now() - t) / 1000;
  if (typeof global.gc === 'function') global.gc();
  const cpu = process.cpuUsage();
  t = performance.now();
    // argv[7]: 'ort' = the onnxruntime kernel (the previous default, a baseline in the same run);
  // absent = the default (auto).
  const backend = process.argv[7] === 'ort' ? 'ort' : undefined;
  const res = await search(Q, docs, { k: K, relevant, docLabels: { labels, count: 2 }, backend });
  const searchSeconds = (performance.now() - t) / 1000;
  const c = process.cpuUsage(cpu);
  const ranks = res.relevantRanks!.map((r) => Array.from(r));
  const sorted = (p: number) => ranks.map((r) => r[p]).sort((x, y) => x - y);
  const a = sorted(0);
  const b = sorted(1);
  const result = {
    docs: n,
    queries: m,
    dim: d,
    dtype,
    backend: res.backend === 'native' ? `native (${nativeIsa()})` : res.backend,
    overlapped: res.overlapped === true,
    rescannedChunks: res.rescannedChunks ?? 0,
    generateSeconds,
    searchSeconds,
    searchCpuSeconds: (c.user + c.system) / 1e6,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    vectorMb: Math.round((n * d * (dtype === 'f16' ? 2 : 4)) / 2 ** 20),
    rankQuartiles: { own: [a[m >> 2], a[m >> 1], a[(3 * m) >> 2]], translation: [b[m >> 2], b[m >> 1], b[(3 * m) >> 2]] },
    ranks,
    top10: Array.from({ length: m }, (_, i) => Array.from(res.indices.subarray(i * res.k, i * res.k + 10))),
  };
  fs.writeFileSync(outFile, JSON.stringify(result));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
