import * as path from 'node:path';
import type { EncoderInfo } from '../../core/encoders/encoder';
import { checkShardSet, readPartial } from '../../core/eval/shards/mergePartials';
import { mergedReport } from '../../core/eval/shards/mergedReport';
import { UserError } from '../../core/errors';
import { guardCheckpointOverlap, recordGuard } from '../../core/training/leakage';
import { parseArgs } from '../args';
import type { CommandContext } from '../context';
import { loadEvalInputs, writeReport } from './eval';
import { outputFlag } from './options';

export const MERGE_PARTIALS_HELP = `xlens merge-partials A.part.json B.part.json ... [--out FILE.json] [--md FILE.md]
                     add up the partials of "xlens eval --pool-shard i/n --partial FILE" (all n shards)
                     into the report the unsharded run gives: the corpus is reloaded as the shards'
                     eval options name it (their --data, as an absolute path; --data here overrides it
                     when the data lives elsewhere on this machine). Pool-wide geometry
                     (Uniformity, LangSeparability, Alignment) is left out: it needs every vector at once
  --out FILE.json    write the report JSON
  --md FILE.md       write a Markdown report
  --data PATH        where the corpus is on this machine (repeat as the shards did), if not where they read it`;

export async function runMergePartials(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, { values: ['out', 'md', 'data'] }, 'merge-partials');
  if (args.positional.length === 0) throw new UserError('"xlens merge-partials" needs the partial files of every shard (e.g. shards/*.part.json)');
  const out = outputFlag(args, 'out', ctx.cwd);
  const md = outputFlag(args, 'md', ctx.cwd);
  const loaded = [];
  for (const f of args.positional) loaded.push(await readPartial(path.resolve(ctx.cwd, f)));
  const shards = checkShardSet(loaded);
  const { argv: evalArgv, cwd } = shards[0].partial.eval;
  const data = args.lists.get('data');
  const inputs = await loadEvalInputs(data ? replaceData(evalArgv, data.map((d) => path.resolve(ctx.cwd, d))) : evalArgv, { ...ctx, cwd });
  const model = shards[0].partial.model;
  const info: EncoderInfo = { source: model.source, name: model.name, dim: model.dim, fingerprint: model.fingerprint, settings: model.settings };
  const guard = await guardCheckpointOverlap(inputs.corpus, info, { includeTrainingData: inputs.args.switches.has('include-training-data') });
  const report = mergedReport(guard.corpus, shards, { ...inputs.scenarioOpts, ...inputs.evalOpts });
  recordGuard(report, guard);
  ctx.err(`merged ${shards.length} shard(s)`);
  await writeReport(report, ctx, out, md);
}

/** The eval arguments with their --data values replaced by `data` (resolved here). */
function replaceData(argv: string[], data: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data') i++;
    else if (!argv[i].startsWith('--data=')) out.push(argv[i]);
  }
  return [...data.flatMap((d) => ['--data', d]), ...out];
}
