import * as fs from 'node:fs';
import { search } from '../src/core/retrieval';
import { f16Rows, toF16, type RowSource } from '../src/core/store/rowSource';
import { matrix, normalizeRows, type Matrix } from '../src/core/vectors';

/**
 * One measured exact search over a generated bilingual pool, alone in its process so that its
 * peak RSS is the search's own (vectors + what the search adds). Run by knnPool.ts as
 * `node --require tsx/cjs bench/knnPoolChild.ts <docs> <queries> <dim> <f32|f16> <out.json>`.
 *
 * The pool: `docs` random unit vectors, the first half labelled language 0, the second half 1.
 * Query i is a noisy copy of document a_i (language 0), noise growing with i so that a_i's rank
 * ranges from the top to a few percent deep; document b_i (language 1, its "translation") is a
 * noisy copy of a_i. Each query asks top-100 and the exact ranks of a_i and b_i with per-language
 * counts above them, as a bilingual XLens evaluation does.
 */
const K = 100;

function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2147483648 - 1;
  };
}

function pool(n: number, m: number, d: number) {
  const r = xorshift(7);
  // Uniform noise of variance 1/3 per coordinate: scaled so that its norm is about σ.
  const unit = Math.sqrt(3 / d);
  const data = new Float32Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = r();
  const D = normalizeRows(matrix(n, d, data));
  const half = Math.floor(n / 2);
  const relevant: Int32Array[] = [];
  const Q = matrix(m, d);
  for (let i = 0; i < m; i++) {
    const a = (i * 7919) % half;
    const b = half + ((i * 7919 + 13) % (n - half));
    relevant.push(Int32Array.of(a, b));
    for (let t = 0; t < d; t++) D.data[b * d + t] = D.data[a * d + t] + 0.6 * unit * r();
    // cos(query, a_i) from about 0.55 down to 0.1: a_i ranks from first to a few percent deep.
    const noise = (1.5 + (8.5 * i) / m) * unit;
    for (let t = 0; t < d; t++) Q.data[i * d + t] = D.data[a * d + t] + noise * r();
    normalizeRows({ rows: 1, dim: d, data: D.data.subarray(b * d, b * d + d) });
  }
  normalizeRows(Q);
  const labels = new Uint16Array(n);
  labels.fill(1, half);
  return { D, Q, relevant, labels };
}

/** The float32 table rounded to float16, a tile at a time so no second float32 copy is held. */
function toHalf(D: Matrix): RowSource {
  const out = new Uint16Array(D.data.length);
  for (let i = 0; i < out.length; i++) out[i] = toF16(D.data[i]);
  return f16Rows(D.rows, D.dim, out);
}

async function main(): Promise<void> {
  const [n, m, d] = process.argv.slice(2, 5).map(Number);
  const dtype = process.argv[5];
  const outFile = process.argv[6];
  let t = performance.now();
  const made = pool(n, m, d);
  const { Q, relevant, labels } = made;
  let docs: Matrix | RowSource = made.D;
  if (dtype === 'f16') {
    docs = toHalf(made.D);
    (made as { D?: Matrix }).D = undefined;
  }
  const generateSeconds = (performance.now() - t) / 1000;
  if (typeof global.gc === 'function') global.gc();
  const cpu = process.cpuUsage();
  t = performance.now();
  const res = await search(Q, docs, { k: K, relevant, docLabels: { labels, count: 2 } });
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
    backend: res.backend,
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

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
