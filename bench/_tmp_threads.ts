import * as fs from 'node:fs';
import { search } from '../src/core/retrieval';
import { matrix, normalizeRows } from '../src/core/vectors';
import { rng } from '../src/core/metrics/stats';
function threads() { const out: Record<string, number> = {}; for (const t of fs.readdirSync('/proc/self/task')) { const st = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8'); const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); out[t + ' ' + name] = (+f[11] + +f[12]) * 10; } return out; }
const n = 500000, m = 2000, d = 384; const r = rng(1);
const D = matrix(n, d); for (let i = 0; i < D.data.length; i++) D.data[i] = r() - 0.5; normalizeRows(D);
const Q = matrix(m, d); for (let i = 0; i < Q.data.length; i++) Q.data[i] = r() - 0.5; normalizeRows(Q);
const relevant = Array.from({ length: m }, (_, i) => Int32Array.of(i * 7, n - 1 - i * 3));
const labels = new Uint16Array(n); labels.fill(1, n / 2);
(async () => {
  const a = threads(); const t0 = performance.now();
  await search(Q, D, { k: 100, relevant, docLabels: { labels, count: 2 } });
  const w = performance.now() - t0; const b = threads();
  console.log('wall ms', w.toFixed(0));
  for (const k of Object.keys(b)) { const x = b[k] - (a[k] ?? 0); if (x > 0) console.log(k, x, 'cpu-ms'); }
})();
