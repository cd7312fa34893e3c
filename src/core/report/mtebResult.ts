import { iso3WithScript } from '../data/languages';
import type { PerQueryRecord, Report } from './schema';

/** One MTEB TaskResult score entry (one `hf_subset` of one split). */
export type MtebScore = Record<string, number | string | string[]>;

export interface MtebTaskResult {
  dataset_revision: string | null;
  task_name: string;
  mteb_version: string | null;
  scores: Record<string, MtebScore[]>;
  evaluation_time: number;
  kg_co2_emissions: null;
  /** XLens's own provenance (MTEB readers ignore unknown top-level keys). */
  xlens: { version: string; model: string; fingerprint: string; scenario: string; pool?: Report['pool']; judgements?: Report['judgements'] };
}

/**
 * MAP@k as trec_eval's map_cut_k (MTEB's map_at_k): Σ precision@rank over relevant documents
 * ranked ≤ k, divided by the query's number of relevant documents `relCount` (all of them,
 * also those never retrieved).
 */
export function apAt(ranks: number[], relCount: number, k: number): number {
  const sorted = ranks.filter((r) => r <= k).sort((a, b) => a - b);
  let sum = 0;
  sorted.forEach((r, i) => (sum += (i + 1) / r));
  return relCount > 0 ? sum / relCount : 0;
}

/**
 * An MTEB TaskResult (`{task_name, scores: {split: [{main_score, hf_subset, languages,
 * ndcg_at_10, map_at_10, recall_at_100, mrr_at_10, ...}]}, evaluation_time, ...}`) from an
 * XLens report: one entry per query language (`hf_subset` = the language, `languages` in MTEB's
 * ISO 639-3-Script form), `main_score` = nDCG@10. XLens's own metrics follow with an `xlens_`
 * prefix (mAP, Max@R, Complete@K, ...). `map_at_k` needs per-query ranks (`records`) and each
 * query's number of relevant documents (`relCount`).
 */
export function mtebTaskResult(
  report: Report,
  opts: { taskName: string; split: string; records: PerQueryRecord[]; relCount: (queryId: string) => number },
): MtebTaskResult {
  const entries: MtebScore[] = [];
  for (const [lang, v] of Object.entries(report.byLanguage)) {
    const e: MtebScore = { hf_subset: lang, languages: [iso3WithScript(lang)] };
    const mine = opts.records.filter((r) => r.lang === lang);
    for (const k of report.k) {
      if (v[`nDCG@${k}`] !== undefined) e[`ndcg_at_${k}`] = v[`nDCG@${k}`];
      if (v[`Recall@${k}`] !== undefined) e[`recall_at_${k}`] = v[`Recall@${k}`];
      if (v[`MRR@${k}`] !== undefined) e[`mrr_at_${k}`] = v[`MRR@${k}`];
      if (mine.length > 0) e[`map_at_${k}`] = mean(mine.map((r) => apAt(r.relevant.map((x) => x.rank), opts.relCount(r.id), k)));
    }
    if (v['nDCG@10'] !== undefined) e.main_score = v['nDCG@10'];
    for (const [name, value] of Object.entries(v)) e[`xlens_${name}`] = value;
    entries.push(e);
  }
  return {
    dataset_revision: null,
    task_name: opts.taskName,
    mteb_version: null,
    scores: { [opts.split]: entries },
    evaluation_time: report.timings.total ?? 0,
    kg_co2_emissions: null,
    xlens: { version: report.version, model: report.model.source, fingerprint: report.model.fingerprint, scenario: report.scenario, pool: report.pool, judgements: report.judgements },
  };
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
