import type { ComparedMetric } from './types';

/**
 * The metrics Compare tests, in display order: report name and the per-query value each is the
 * mean of. Lower is better for the depth and inclination figures (Max@R, nMax@R, EIR, SIR: SIR
 * mirrors EIR, an irrelevant document ranked above a translation).
 */
const HEADLINE: Array<[name: string, perQuery: string, lowerIsBetter: boolean]> = [
  ['nDCG@1', 'nDCG@1', false],
  ['nDCG@10', 'nDCG@10', false],
  ['Recall@10', 'Recall@10', false],
  ['MRR@10', 'MRR@10', false],
  ['mAP', 'AP', false],
  ['Max@R', 'MaxRank', true],
  ['nMax@R', 'nMaxRank', true],
  ['Complete@10', 'Complete@10', false],
  ['EIR', 'EIR', true],
  ['SIR', 'SIR', true],
];

/** The headline metrics whose per-query value both runs recorded (`has` answers per run). */
export function headlineMetrics(hasA: (perQuery: string) => boolean, hasB: (perQuery: string) => boolean): ComparedMetric[] {
  return HEADLINE.filter(([, q]) => hasA(q) && hasB(q)).map(([name, perQuery, lowerIsBetter]) => ({ name, perQuery, lowerIsBetter }));
}

/** Every headline metric, whether or not a run has it (for pickers and docs). */
export function allHeadlineMetrics(): ComparedMetric[] {
  return HEADLINE.map(([name, perQuery, lowerIsBetter]) => ({ name, perQuery, lowerIsBetter }));
}
