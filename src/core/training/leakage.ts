import * as path from 'node:path';
import type { QACorpus } from '../data/corpus';
import type { EncoderInfo } from '../encoders/encoder';
import type { Report } from '../report/schema';
import { type CheckpointMeta, loadCheckpoint } from './checkpoint';
import { datasetFingerprint, restrictCorpus } from './data';

/**
 * The leakage guard of `xlens eval` and the extension's Evaluate… (SPEC §6): a checkpoint
 * evaluated on the data it was trained on (same dataset fingerprint) is evaluated on its held-out
 * test units only, unless the user asks for everything; the report says which part was scored.
 * One function for both shells: they pass the encoder they opened (a checkpoint encoder names its
 * folder in `settings.checkpoint`) and the corpus they loaded.
 */
export interface LeakageGuard {
  /** The corpus to evaluate: the held-out part, or the whole corpus. */
  corpus: QACorpus;
  /** For `report.dataset.split`, when the data is the checkpoint's training data. */
  split?: string;
  /** For `report.notes`. */
  notes: string[];
}

export async function guardCheckpointOverlap(corpus: QACorpus, model: EncoderInfo, opts: { includeTrainingData?: boolean } = {}): Promise<LeakageGuard> {
  const dir = model.settings.checkpoint;
  if (typeof dir !== 'string') return { corpus, notes: [] };
  const { meta } = await loadCheckpoint(dir);
  return guardWithMeta(corpus, meta, path.basename(dir), opts);
}

export function guardWithMeta(corpus: QACorpus, meta: CheckpointMeta, name: string, opts: { includeTrainingData?: boolean } = {}): LeakageGuard {
  const held = meta.data.heldOut;
  if (!held) {
    return {
      corpus,
      notes: [`The checkpoint ${name} does not record its held-out units (trained on ${meta.data.path}: ${meta.data.split}), so overlap with this data was not checked.`],
    };
  }
  if (datasetFingerprint(corpus, meta.data.pivot) !== held.dataset) return { corpus, notes: [] };
  const kind = held.unit === 'article' ? 'articles' : 'passages';
  const trained = held.of - held.units.length;
  if (opts.includeTrainingData) {
    return {
      corpus,
      split: `all ${held.of} ${kind}, including the ${trained} the checkpoint was trained and validated on (--include-training-data)`,
      notes: [
        `Warning: this data is the training data of checkpoint ${name}, and every ${held.unit} was evaluated, including the ${trained} it was trained and validated on; these figures overstate what the adapter does on unseen data. Evaluate without --include-training-data for the ${held.units.length} held-out ${kind} only.`,
      ],
    };
  }
  const units = new Set(held.units);
  const unitOf = held.unit === 'article' ? (d: { article?: string }) => d.article ?? '' : (d: { group: string }) => d.group;
  const part = restrictCorpus(corpus, (d) => units.has(unitOf(d)), `${corpus.name} (held-out ${kind} of ${name})`);
  return {
    corpus: part,
    split: `held-out ${kind} of the checkpoint: ${held.units.length} of ${held.of}`,
    notes: [
      `This data is the training data of checkpoint ${name}: only its ${held.units.length} held-out ${kind} (of ${held.of}) were evaluated, ${part.queries.length} queries; the other ${trained} were used to train or validate it. --include-training-data (or "Everything" in Evaluate…) scores all of them, with a warning.`,
    ],
  };
}

/** Record the guard's split and notes in a report made from `guard.corpus`. */
export function recordGuard(report: Report, guard: LeakageGuard): Report {
  if (guard.split) report.dataset.split = guard.split;
  report.notes.push(...guard.notes);
  return report;
}
