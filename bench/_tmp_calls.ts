import { nativeScorer } from '../src/core/retrieval/nativeScorer';
const mq = 1024, nt = 4096, d = 384, tiles = 40;
const D = new Float32Array(nt * tiles * d); for (let i = 0; i < D.length; i++) D[i] = Math.random() - 0.5;
const Q = new Float32Array(mq * d); for (let i = 0; i < Q.length; i++) Q[i] = Math.random() - 0.5;
const S = new Float32Array(mq * nt), M = new Float32Array(mq * nt / 64);
const thrOff = Int32Array.from({ length: mq + 1 }, (_, i) => 2 * i), histOff = Int32Array.from({ length: mq + 1 }, (_, i) => 3 * 2 * i);
const count = (j0: number) => ({ thrScore: new Float32Array(2 * mq).fill(3), thrIndex: new Int32Array(2 * mq), thrOff, histOff, hist: new Int32Array(6 * mq), labels: null, L: 1, j0 });
(async () => {
  const sc = nativeScorer();
  for (const mode of ['plain', 'max', 'count', 'plain', 'max', 'count']) {
    const t0 = performance.now(); const c0 = process.cpuUsage();
    for (let t = 0; t < tiles; t++) await sc.score(Q, 0, mq, D.subarray((t % Number(process.env.XMOD ?? tiles)) * nt * d, ((t % Number(process.env.XMOD ?? tiles)) + 1) * nt * d), nt, d, S, mode === 'plain' ? undefined : M, mode === 'count' ? count(t * nt) : undefined);
    const ms = (performance.now() - t0) / tiles; const c = process.cpuUsage(c0);
    console.log(mode, ms.toFixed(2), 'ms/call', (2 * mq * nt * d / ms / 1e6).toFixed(0), 'GFLOP/s', ((c.user + c.system) / 1000 / tiles).toFixed(2), 'cpu-ms/call');
  }
})();
