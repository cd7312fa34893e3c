import * as path from 'node:path';
import { isRetrievalCorpus, type FormatId, type QACorpus } from '../../core/data/corpus';
import { detectFormat } from '../../core/data/detect';
import { parseLangList } from '../../core/data/languages';
import { UserError } from '../../core/errors';
import { mtebTaskResult } from '../../core/report/mtebResult';
import type { Report } from '../../core/report/schema';
import { TREC_RUN_DEPTH, trecRunLines } from '../../core/report/trecRun';
import { buildScenario } from '../../core/scenarios/build';
export { languagesToLoad } from '../../core/scenarios/build';
import { parsePoolSample } from '../../core/scenarios/pool';
import { isPoolFile } from '../../core/scenarios/poolSources';
import type { ScenarioName, ScenarioOptions } from '../../core/scenarios/types';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import type { ParsedArgs } from '../args';
import type { CommandContext } from '../context';

/** `xlens eval` options for retrieval datasets, pool/query languages and interop outputs. */
export const RETRIEVAL_VALUES = ['query-langs', 'pool-langs', 'lang', 'pool-sample', 'seed', 'rel-threshold', 'mteb-out', 'trec-run'];
export const RETRIEVAL_BOOLEANS = ['drop-missing-judged'];

export const RETRIEVAL_HELP = `  --query-langs a,b  languages evaluated (alias: --langs; default all)
  --pool-langs a,b   languages whose documents enter the pool (multilingual, cross, as-given;
                     default every corpus language)
  --split S          qrels split of a retrieval dataset (default test, or the only one)
  --lang L           language of rows that have no lang field and no language folder
  --rel-threshold G  as-given: a judged document is relevant when its grade >= G (default 1)
  --drop-missing-judged  as-given: drop qrels lines naming documents the corpus lacks (default:
                     keep them as relevant documents never retrieved; either way, counted)
  --pool-sample en=N keep N documents of a language (every judged one, plus a seeded sample)
  --seed N           seed of --pool-sample (default 1)
  --mteb-out DIR     also write an MTEB TaskResult JSON (DIR/<dataset>.json)
  --trec-run FILE    also write the top ${TREC_RUN_DEPTH} of every query as a TREC run
  Several --data sources (or one pool.json) are merged into one pool.`;

const RETRIEVAL_FORMATS: readonly FormatId[] = ['beir', 'mteb', 'trec', 'mlqa'];

/** The scenario to run: `--scenario`, else `as-given` for retrieval datasets and composed pools, else `bilingual`. */
export function defaultScenario(dataPaths: string[], format: FormatId | undefined, args: ParsedArgs): ScenarioName {
  const given = args.flags.get('scenario') as ScenarioName | undefined;
  if (given) return given;
  if (dataPaths.length > 1 || args.flags.has('pool-sample') || isPoolFile(dataPaths[0])) return 'as-given';
  const f = format ?? detectFormat(dataPaths[0]);
  return RETRIEVAL_FORMATS.includes(f) ? 'as-given' : 'bilingual';
}

/** Query languages (`--query-langs`, or its alias `--langs`) and pool languages (`--pool-langs`). */
export function languageChoice(args: ParsedArgs): { query?: string[]; pool?: string[] } {
  if (args.flags.has('query-langs') && args.flags.has('langs')) throw new UserError('--langs is an alias of --query-langs: give one of them');
  const q = args.flags.get('query-langs') ?? args.flags.get('langs');
  const p = args.flags.get('pool-langs');
  return { query: q !== undefined ? parseLangList(q) : undefined, pool: p !== undefined ? parseLangList(p) : undefined };
}

export function retrievalScenarioOptions(args: ParsedArgs): Pick<ScenarioOptions, 'relThreshold' | 'dropMissingJudged'> {
  const t = args.flags.get('rel-threshold');
  const relThreshold = t === undefined ? undefined : Number(t);
  if (relThreshold !== undefined && !Number.isFinite(relThreshold)) throw new UserError(`--rel-threshold must be a number, not "${t}"`);
  return { relThreshold, dropMissingJudged: args.switches.has('drop-missing-judged') };
}

export function poolSampleOptions(args: ParsedArgs): { sample?: Record<string, number>; seed?: number } {
  const s = args.flags.get('pool-sample');
  const seed = args.flags.get('seed');
  if (seed !== undefined && !/^\d+$/.test(seed)) throw new UserError(`--seed must be a whole number, not "${seed}"`);
  return { sample: s ? parsePoolSample(s) : undefined, seed: seed === undefined ? undefined : Number(seed) };
}

/** Per-query records are needed (deep enough for a TREC run) when an interop output is asked for. */
export function interopDepth(args: ParsedArgs): number | undefined {
  if (args.flags.has('trec-run')) return TREC_RUN_DEPTH;
  if (args.flags.has('mteb-out')) return 10;
  return undefined;
}

/**
 * Writes `--trec-run` and `--mteb-out` from a report evaluated with per-query records, then trims
 * the records to what the user asked for (`keepRecords`, `topN`).
 */
export async function writeInterop(report: Report, corpus: QACorpus, opts: ScenarioOptions, args: ParsedArgs, ctx: CommandContext, keep: { records: boolean; topN: number }): Promise<void> {
  const records = report.perQuery ?? [];
  const run = args.flags.get('trec-run');
  if (run) {
    await writeFileAtomic(run, trecRunLines(records));
    ctx.err(`TREC run (top ${TREC_RUN_DEPTH} per query) written to ${run}`);
  }
  const dir = args.flags.get('mteb-out');
  if (dir) {
    const built = buildScenario(corpus, opts);
    const relCount = new Map<string, number>();
    for (const t of built.tasks) t.queries.forEach((qi, i) => relCount.set(corpus.queries[qi].id, t.relevant[i].length + (t.missing?.[i]?.length ?? 0)));
    const taskName = corpus.name.replace(/[^\w.+-]+/g, '_');
    const split = (isRetrievalCorpus(corpus) ? corpus.judgements.split : undefined) ?? 'test';
    const result = mtebTaskResult(report, { taskName, split, records, relCount: (id) => relCount.get(id) ?? 0 });
    const file = path.join(dir, `${taskName}.json`);
    await writeFileAtomic(file, JSON.stringify(result, null, 2) + '\n');
    ctx.err(`MTEB TaskResult written to ${file}`);
  }
  if (!keep.records) report.perQuery = undefined;
  else for (const r of records) r.top = r.top.slice(0, keep.topN);
}
