import { UserError } from '../../core/errors';
import { readQrels, readRun } from '../../core/trec/parse';
import { scoreRun } from '../../core/trec/score';
import { formatValue, textTable } from '../../core/report/columns';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { parseArgs, parseIntList, required } from '../args';
import type { CommandContext } from '../context';
import { outputFlag } from './options';

export const METRICS_HELP = `xlens metrics --qrels FILE --run FILE [options]
  --qrels FILE         TREC qrels: "qid 0 docid grade" (integer grades; nDCG gain = grade)
  --run FILE           TREC run: "qid Q0 docid rank score tag" (ranked by score, ties in line order)
  --rel-threshold N    a document is relevant when its grade ≥ N (default 1; nDCG still uses every grade > 0)
  --k 1,5,10,20,100    cut-offs
  --per-query          include per-query values
  --out FILE           write {"queries","metrics","definitions",...,"perQuery"?} as JSON
Every judged query with a relevant document is scored, also when the run lists nothing for it
(as trec_eval -c). A relevant document the run does not list is not retrieved; for Max@R its rank
is censored at run depth + 1 (Max@R.censored = share of queries with such a document).`;

export async function runMetrics(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, { values: ['qrels', 'run', 'k', 'out', 'rel-threshold'], booleans: ['per-query'] }, 'metrics');
  const out = outputFlag(args, 'out', ctx.cwd);
  const qrels = await readQrels(required(args, 'qrels', 'metrics'));
  const run = await readRun(required(args, 'run', 'metrics'));
  const ks = parseIntList(args.flags.get('k') ?? '1,5,10,20,100', 'k');
  const given = args.flags.get('rel-threshold');
  const relThreshold = given === undefined ? 1 : Number(given);
  if (!Number.isInteger(relThreshold) || relThreshold < 1) throw new UserError(`--rel-threshold: "${given}" is not a positive whole number (TREC grades are integers)`);
  const result = scoreRun(qrels, run, { ks, perQuery: args.switches.has('per-query'), relThreshold });
  ctx.out(textTable(['metric', 'value'], [['queries', String(result.queries)], ...Object.entries(result.metrics).map(([k, v]) => [k, formatValue(k, v)])]));
  ctx.out(`run depth ${result.depth} (unlisted relevant documents are censored at rank ${result.depth + 1} for Max@R); relevant = grade ≥ ${relThreshold}`);
  if (result.excluded.length) {
    const shown = result.excluded.slice(0, 10).join(', ');
    ctx.out(`${result.excluded.length} judged quer${result.excluded.length === 1 ? 'y has' : 'ies have'} no relevant document and ${result.excluded.length === 1 ? 'is' : 'are'} excluded: ${shown}${result.excluded.length > 10 ? ', …' : ''}`);
  }
  if (result.runQueriesWithoutJudgements) ctx.out(`${result.runQueriesWithoutJudgements} run quer${result.runQueriesWithoutJudgements === 1 ? 'y has' : 'ies have'} no judgements and ${result.runQueriesWithoutJudgements === 1 ? 'is' : 'are'} not scored`);
  if (out) {
    await writeFileAtomic(out, JSON.stringify(result, null, 1) + '\n');
    ctx.err(`metrics written to ${out}`);
  }
}
