/**
 * Shared layout for comparing two models: the similarity transform (rotation or reflection,
 * uniform scale, translation) that best maps layout B onto layout A in least squares over the
 * points both show (orthogonal Procrustes with scale). UMAP layouts are only defined up to such
 * a transform, so after alignment the remaining differences are the models'.
 */
export interface LayoutAlignment {
  /** B's coordinates (every point) mapped into A's frame: x, y interleaved. */
  coords: Float32Array;
  /** Row-major 2×2 orthogonal matrix Q; a point p of B maps to `scale·Q·p + translation`. */
  matrix: [number, number, number, number];
  scale: number;
  translation: [number, number];
  reflected: boolean;
  /** Root-mean-square distance between matched points after alignment, in A's units. */
  rmsd: number;
  pairs: number;
}

export interface AlignOptions {
  /** Allow a mirror image (default true: a layout and its mirror image are equally valid). */
  allowReflection?: boolean;
}

/**
 * Align `moving` (layout B) onto `reference` (layout A). `pairs` lists matched points as
 * `[indexInA, indexInB]`; by default point i of A matches point i of B (same selection).
 */
export function alignLayouts(reference: ArrayLike<number>, moving: ArrayLike<number>, pairs?: ReadonlyArray<readonly [number, number]>, opts: AlignOptions = {}): LayoutAlignment {
  const nA = reference.length / 2;
  const nB = moving.length / 2;
  const matched = pairs ?? Array.from({ length: Math.min(nA, nB) }, (_, i) => [i, i] as const);
  for (const [i, j] of matched) {
    if (!(i >= 0 && i < nA && j >= 0 && j < nB)) throw new RangeError(`alignLayouts: pair (${i}, ${j}) outside layouts of ${nA} and ${nB} points`);
  }
  const m = matched.length;
  // Centroids of the matched points.
  let ax = 0, ay = 0, bx = 0, by = 0;
  for (const [i, j] of matched) {
    ax += reference[2 * i];
    ay += reference[2 * i + 1];
    bx += moving[2 * j];
    by += moving[2 * j + 1];
  }
  if (m > 0) {
    ax /= m;
    ay /= m;
    bx /= m;
    by /= m;
  }
  // H = Σ b aᵀ over centred pairs, and Σ |b|².
  let h00 = 0, h01 = 0, h10 = 0, h11 = 0, bb = 0;
  for (const [i, j] of matched) {
    const pax = reference[2 * i] - ax, pay = reference[2 * i + 1] - ay;
    const pbx = moving[2 * j] - bx, pby = moving[2 * j + 1] - by;
    h00 += pbx * pax;
    h01 += pbx * pay;
    h10 += pby * pax;
    h11 += pby * pay;
    bb += pbx * pbx + pby * pby;
  }
  // Maximise tr(Q·H) over rotations Q = [c −s; s c] and reflections Q = [c s; s −c] (closed form in 2-D).
  const rot = Math.hypot(h00 + h11, h01 - h10);
  const ref = Math.hypot(h00 - h11, h01 + h10);
  const reflected = (opts.allowReflection ?? true) && ref > rot;
  let matrix: [number, number, number, number];
  if (reflected) {
    const t = Math.atan2(h01 + h10, h00 - h11);
    matrix = [Math.cos(t), Math.sin(t), Math.sin(t), -Math.cos(t)];
  } else {
    const t = Math.atan2(h01 - h10, h00 + h11);
    matrix = [Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t)];
  }
  const scale = bb > 0 ? (reflected ? ref : rot) / bb : 1;
  const translation: [number, number] = [
    ax - scale * (matrix[0] * bx + matrix[1] * by),
    ay - scale * (matrix[2] * bx + matrix[3] * by),
  ];
  const coords = new Float32Array(2 * nB);
  for (let j = 0; j < nB; j++) {
    const x = moving[2 * j];
    const y = moving[2 * j + 1];
    coords[2 * j] = scale * (matrix[0] * x + matrix[1] * y) + translation[0];
    coords[2 * j + 1] = scale * (matrix[2] * x + matrix[3] * y) + translation[1];
  }
  let sq = 0;
  for (const [i, j] of matched) sq += (coords[2 * j] - reference[2 * i]) ** 2 + (coords[2 * j + 1] - reference[2 * i + 1]) ** 2;
  return { coords, matrix, scale, translation, reflected, rmsd: m > 0 ? Math.sqrt(sq / m) : 0, pairs: m };
}

/** `[indexInA, indexInB]` for every id present in both lists (ids are unique within a list). */
export function matchIds(idsA: readonly string[], idsB: readonly string[]): Array<[number, number]> {
  const inB = new Map(idsB.map((id, j) => [id, j]));
  const out: Array<[number, number]> = [];
  idsA.forEach((id, i) => {
    const j = inB.get(id);
    if (j !== undefined) out.push([i, j]);
  });
  return out;
}
