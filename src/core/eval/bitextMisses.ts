import type { Sentence } from '../data/corpus';
import type { BitextMiss } from '../report/schema';
import type { TopK } from '../retrieval';
import type { Matrix } from '../vectors';

/** Misses kept per pair and direction in a bitext report. */
export const MISSES_PER_DIRECTION = 3;

function dot(a: Matrix, i: number, b: Matrix, j: number): number {
  let s = 0;
  const ai = i * a.dim;
  const bj = j * b.dim;
  for (let d = 0; d < a.dim; d++) s += a.data[ai + d] * b.data[bj + d];
  return s;
}

/**
 * The worst misses of one direction (x → y, row i's translation is y_i): sentences whose nearest
 * neighbour is not their translation, ordered by the cosine gap between that neighbour and the
 * translation (largest first). The rank is exact: 1 + the number of y rows scoring strictly
 * higher than the translation (ties counted in the sentence's favour, as the SPEC tie rule).
 * Rows are L2-normalised, so cosine = dot product.
 */
export function worstMisses(x: Matrix, y: Matrix, top: TopK, src: Sentence[], tgt: Sentence[], direction: 'forward' | 'reverse', limit = MISSES_PER_DIRECTION): BitextMiss[] {
  const rows = top.k ? top.indices.length / top.k : 0;
  const missed: Array<{ i: number; gap: number; own: number }> = [];
  for (let i = 0; i < rows; i++) {
    const best = top.indices[i * top.k];
    if (best === i) continue;
    const own = dot(x, i, y, i);
    const gap = top.scores[i * top.k] - own;
    if (gap <= 0) continue; // a tie with the translation is not a miss under the tie rule
    missed.push({ i, gap, own });
  }
  missed.sort((a, b) => b.gap - a.gap || a.i - b.i);
  return missed.slice(0, limit).map(({ i, own }) => {
    let above = 0;
    for (let j = 0; j < y.rows; j++) if (j !== i && dot(x, i, y, j) > own) above++;
    const nb = top.indices[i * top.k];
    return {
      direction,
      sentence: { id: src[i].id, lang: src[i].lang, text: src[i].text },
      translation: { id: tgt[i].id, text: tgt[i].text, score: +own.toFixed(4) },
      neighbour: { id: tgt[nb].id, text: tgt[nb].text, score: +top.scores[i * top.k].toFixed(4) },
      rank: above + 1,
      candidates: y.rows,
    };
  });
}
