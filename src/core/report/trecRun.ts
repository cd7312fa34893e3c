import type { PerQueryRecord } from './schema';

/** Depth of a TREC run written by `xlens eval --trec-run` (the trec_eval convention). */
export const TREC_RUN_DEPTH = 1000;

/**
 * A TREC run (`qid Q0 docid rank score tag`, best first) from per-query records, so trec_eval,
 * ranx or `xlens metrics` can rescore what XLens retrieved. Ids are the corpus ids (the qrels'
 * ids for single-folder datasets). Scores are the cosine similarities (6 decimals); documents
 * with equal scores are listed in XLens's rank order (pool order), which `xlens metrics` keeps.
 */
export function trecRunLines(records: PerQueryRecord[], tag = 'xlens', depth = TREC_RUN_DEPTH): string {
  const out: string[] = [];
  for (const r of records) {
    r.top.slice(0, depth).forEach((d, i) => out.push(`${r.id} Q0 ${d.doc} ${i + 1} ${d.score.toFixed(6)} ${tag}`));
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
