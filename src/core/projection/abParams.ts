/**
 * UMAP's low-dimensional similarity curve `1 / (1 + a·d^(2b))`, with `a` and `b` fitted (least
 * squares, as umap-learn's `find_ab_params`) to the target curve: 1 up to `minDist`, then
 * `exp(−(d − minDist) / spread)`, sampled at 300 points on [0, 3·spread].
 */
export function findAbParams(spread: number, minDist: number): { a: number; b: number } {
  if (!(spread > 0) || !(minDist >= 0)) throw new RangeError(`findAbParams: need spread > 0 and minDist ≥ 0, got ${spread}, ${minDist}`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < 300; i++) {
    const x = (3 * spread * i) / 299;
    xs.push(x);
    ys.push(x < minDist ? 1 : Math.exp(-(x - minDist) / spread));
  }
  return levenbergMarquardt(xs, ys);
}

const curve = (x: number, a: number, b: number) => (x > 0 ? 1 / (1 + a * Math.pow(x, 2 * b)) : 1);

function sse(xs: number[], ys: number[], a: number, b: number): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (curve(xs[i], a, b) - ys[i]) ** 2;
  return s;
}

/** Two-parameter Levenberg–Marquardt from (1, 1) with analytic derivatives. */
function levenbergMarquardt(xs: number[], ys: number[]): { a: number; b: number } {
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  let err = sse(xs, ys, a, b);
  for (let it = 0; it < 200; it++) {
    // Normal equations JᵀJ·δ = −Jᵀr for the residuals r = f − y.
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (x <= 0) continue;
      const p = Math.pow(x, 2 * b);
      const den = 1 + a * p;
      const f = 1 / den;
      const r = f - ys[i];
      const da = -p / (den * den);
      const db = (-a * p * 2 * Math.log(x)) / (den * den);
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    while (lambda < 1e12) {
      const m00 = jaa * (1 + lambda);
      const m11 = jbb * (1 + lambda);
      const det = m00 * m11 - jab * jab;
      const sa = (-ga * m11 + gb * jab) / det;
      const sb = (-gb * m00 + ga * jab) / det;
      const na = a + sa;
      const nb = b + sb;
      const nerr = na > 0 && nb > 0 ? sse(xs, ys, na, nb) : Infinity;
      if (nerr < err) {
        const converged = Math.abs(err - nerr) <= 1e-15 * Math.max(1, err) && Math.abs(sa) < 1e-12 && Math.abs(sb) < 1e-12;
        a = na;
        b = nb;
        err = nerr;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = !converged;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { a, b };
}
