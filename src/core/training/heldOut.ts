import type { QACorpus } from '../data/corpus';
import type { EncoderInfo } from '../encoders/encoder';
import { evaluate } from '../eval/evaluate';
import type { Matrix } from '../vectors';
import { type EmbeddingTable, tableEncoder } from './embed';

/**
 * Held-out evaluation during training, with the real `evaluate`: the bilingual scenario (each
 * target language against its own and the pivot's passages: Max@R, EIR, Complete@10, nDCG@1) and
 * the monolingual one (nDCG@10, to catch regressions). Figures are macro-averages over the target
 * languages, keyed `bilingual.<metric>` / `mono.<metric>`; the exact TypeScript retrieval kernel
 * keeps them identical wherever the run happens.
 */
export interface EvalInput {
  corpus: QACorpus;
  /** Target languages (≠ pivot). */
  langs: string[];
  pivot: string;
  /** Base vectors of every text of the corpus. */
  table: EmbeddingTable;
  /** The base encoder's info (the model named in the reports). */
  info: EncoderInfo;
}

export type HeldOutMetrics = Record<string, number>;

export interface HeldOutResult {
  overall: HeldOutMetrics;
  byLanguage: Record<string, HeldOutMetrics>;
}

export const HELD_OUT_METRICS = ['bilingual.Max@R', 'bilingual.EIR', 'bilingual.Complete@10', 'bilingual.nDCG@1', 'mono.nDCG@10'] as const;

/** Lower is better for rank- and inclination-type metrics, higher for the rest. */
export function lowerIsBetter(metric: string): boolean {
  return /Max@R|EIR|SIR/.test(metric);
}

export async function heldOutMetrics(input: EvalInput, transform: (m: Matrix) => Matrix, signal?: AbortSignal): Promise<HeldOutResult> {
  const enc = tableEncoder(input.table, input.info, transform);
  const common = { pivot: input.pivot, k: [1, 10], backend: 'ts' as const, signal };
  const bi = await evaluate(input.corpus, enc, { ...common, scenario: 'bilingual', langs: input.langs });
  const mono = await evaluate(input.corpus, enc, { ...common, scenario: 'mono', langs: input.langs });
  const pickFrom = (biR: Record<string, number>, monoR: Record<string, number>): HeldOutMetrics => ({
    'bilingual.Max@R': biR['Max@R'],
    'bilingual.EIR': biR.EIR,
    'bilingual.Complete@10': biR['Complete@10'],
    'bilingual.nDCG@1': biR['nDCG@1'],
    'mono.nDCG@10': monoR['nDCG@10'],
  });
  const byLanguage: Record<string, HeldOutMetrics> = {};
  for (const L of input.langs) if (bi.byLanguage[L] && mono.byLanguage[L]) byLanguage[L] = pickFrom(bi.byLanguage[L], mono.byLanguage[L]);
  return { overall: pickFrom(bi.overall, mono.overall), byLanguage };
}
