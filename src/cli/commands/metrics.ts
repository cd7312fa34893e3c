import { readQrels, readRun } from '../../core/trec/parse';
import { scoreRun } from '../../core/trec/score';
import { formatValue, textTable } from '../../core/report/columns';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { parseArgs, parseIntList, required } from '../args';
import type { CommandContext } from '../context';
import { outputFlag } from './options';

export const METRICS_HELP = `xlens metrics --qrels FILE --run FILE [options]
  --qrels FILE       TREC qrels: "qid 0 docid relevance" (relevance > 0 = relevant)
  --run FILE         TREC run: "qid Q0 docid rank score tag" (ranked by score, ties in line order)
  --k 1,5,10,20,100  cut-offs
  --per-query        include per-query values
  --out FILE         write {"queries","metrics","perQuery"?} as JSON`;

export async function runMetrics(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, { values: ['qrels', 'run', 'k', 'out'], booleans: ['per-query'] }, 'metrics');
  const out = outputFlag(args, 'out', ctx.cwd);
  const qrels = await readQrels(required(args, 'qrels', 'metrics'));
  const run = await readRun(required(args, 'run', 'metrics'));
  const ks = parseIntList(args.flags.get('k') ?? '1,5,10,20,100', 'k');
  const result = scoreRun(qrels, run, ks, args.switches.has('per-query'));
  ctx.out(textTable(['metric', 'value'], [['queries', String(result.queries)], ...Object.entries(result.metrics).map(([k, v]) => [k, formatValue(k, v)])]));
  if (out) {
    await writeFileAtomic(out, JSON.stringify(result, null, 1) + '\n');
    ctx.err(`metrics written to ${out}`);
  }
}
