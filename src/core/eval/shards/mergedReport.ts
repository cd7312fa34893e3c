import type { QACorpus } from '../../data/corpus';
import { corpusFingerprint } from '../../data/fingerprint';
import { UserError } from '../../errors';
import type { Report } from '../../report/schema';
import { buildScenario } from '../../scenarios/build';
import { assembleReport, type EvaluateOptions } from '../evaluate';
import { mergeRankings, type LoadedPartial } from './mergePartials';

/** Why a merged report has no pool-wide geometry (said in its notes). */
export const SHARDED_GEOMETRY_NOTE =
  'Uniformity, LangSeparability and Alignment are not computed for a pool scored in shards: they need every vector in one place (run xlens eval unsharded on a sample for them).';

/**
 * The report of an evaluation scored in shards: the corpus as the shards loaded it (same
 * fingerprint), the rankings added up over the shards, the metrics by the code of an unsharded
 * run (assembleReport). Encoder statistics are the shards' sums: every shard encodes all queries.
 */
export function mergedReport(corpus: QACorpus, shards: LoadedPartial[], opts: EvaluateOptions): Report {
  const first = shards[0].partial;
  if (corpusFingerprint(corpus) !== first.corpusFingerprint) {
    throw new UserError(`the corpus loaded now is not the one the shards scored (fingerprint ${corpusFingerprint(corpus)} vs ${first.corpusFingerprint}): was the data changed since?`, { file: shards[0].file });
  }
  const built = buildScenario(corpus, opts);
  const t = performance.now();
  const rankings = mergeRankings(shards, built.tasks, (task) => task.poolLangs.length);
  const stats = { texts: 0, encoded: 0, cacheHits: 0, truncated: 0 };
  for (const s of shards) for (const key of Object.keys(stats) as Array<keyof typeof stats>) stats[key] += s.partial.model.stats?.[key] ?? 0;
  const sum = (name: string) => +shards.reduce((a, s) => a + (s.partial.timings[name] ?? 0), 0).toFixed(3);
  const timings: Record<string, number> = { encode: sum('encode'), search: sum('score'), merge: +((performance.now() - t) / 1000).toFixed(3) };
  return assembleReport(corpus, built, rankings, opts, {
    model: { ...first.model, stats },
    retrieval: { backend: first.backend, exact: true },
    timings,
    notes: [
      `Scored in ${shards.length} pool shard(s) and merged (exact: ranks are the sums of the shards' counts, ties broken by pool position); encoder statistics and timings are the shards' sums (each shard encodes every query).`,
      SHARDED_GEOMETRY_NOTE,
    ],
  });
}
