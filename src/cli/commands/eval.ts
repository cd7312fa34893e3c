import * as path from 'node:path';
import { parseLangList } from '../../core/data/languages';
import { openEncoder } from '../../core/encoders/sources';
import { UserError } from '../../core/errors';
import type { QACorpus } from '../../core/data/corpus';
import { evaluate, type EvaluateOptions } from '../../core/eval/evaluate';
import type { PartialReport } from '../../core/eval/shards/partial';
import { scoreShard } from '../../core/eval/shards/scoreShard';
import { parseShard } from '../../core/eval/shards/shardSpec';
import type { Report } from '../../core/report/schema';
import type { ScenarioOptions } from '../../core/scenarios/types';
import { guardCheckpointOverlap, recordGuard } from '../../core/training/leakage';
import { renderEvalMarkdown, renderEvalTable } from '../../core/report/render';
import { SCENARIOS } from '../../core/scenarios/types';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { parseArgs, parseIntList, required, type ParsedArgs } from '../args';
import type { CommandContext } from '../context';
import { ENCODER_HELP, ENCODER_VALUES, encoderDefaults, noteDevice } from './encoderFlags';
import { outputFlag, parseBackend, parseFormat } from './options';
import { loadPool } from '../../core/scenarios/poolSources';
import {
  RETRIEVAL_BOOLEANS, RETRIEVAL_HELP, RETRIEVAL_VALUES, defaultScenario, interopDepth, languageChoice, languagesToLoad, poolSampleOptions, retrievalScenarioOptions, writeInterop,
} from './evalRetrieval';

export const EVAL_HELP = `xlens eval --data PATH --scenario mono|cross|bilingual|multilingual|as-given [options]
  --data PATH        corpus folder or file (XQuAD, XQuAD-R, Belebele, MLQA; BEIR, MTEB, TREC
                     retrieval datasets; a pool.json); repeat to merge several into one pool
  --format F         xquad | xquad-r | belebele | beir | mteb | trec | mlqa (default: detected)
  --model M          model source (default builtin:char-ngram)
${ENCODER_HELP}
  --scenario S       mono | cross | bilingual | multilingual | as-given (default bilingual;
                     as-given for retrieval datasets: the corpus is the pool, graded qrels)
  --langs a,b,...    query languages (default: all in the corpus; any code form: de, deu, deu_Latn)
${RETRIEVAL_HELP}
  --pivot L          second pool language of bilingual, and the partner of Alignment (default en)
  --k 1,5,10,20,100  cut-offs for Recall/Success/MRR/nDCG/LangShare
  --out FILE.json    write the report JSON
  --md FILE.md       write a Markdown report
  --per-query        keep per-query ranks and top documents in the JSON
  --allow-skips      skip malformed records (counted and reported) instead of failing
  --backend B        auto | native | ort | ts (exact retrieval kernel; default auto)
  --pool-shard i/n   score only shard i (0-based) of n equal slices of every pool, with --partial
  --partial FILE     write the shard's exact counts and top-k (not a report): run every shard
                     (on any machines), then "xlens merge-partials *.part.json --out report.json"
  --include-training-data
                     with a checkpoint on its own training data: evaluate everything (default: only the
                     checkpoint's held-out articles; the report's dataset.split says which part was scored)`;

const EVAL_FLAGS = {
  values: ['data', 'format', 'model', 'scenario', 'langs', 'pivot', 'k', 'out', 'md', 'backend', 'split', 'top', 'pool-shard', 'partial', ...RETRIEVAL_VALUES, ...ENCODER_VALUES],
  booleans: ['per-query', 'allow-skips', 'include-training-data', ...RETRIEVAL_BOOLEANS],
};

/** What an eval invocation loads and asks for, before any model runs (also what merge-partials reloads). */
export interface EvalInputs {
  args: ParsedArgs;
  corpus: QACorpus;
  scenarioOpts: ScenarioOptions;
  evalOpts: Omit<EvaluateOptions, keyof ScenarioOptions | 'signal' | 'onProgress'>;
  depth?: number;
  topN?: number;
}

export async function loadEvalInputs(argv: string[], ctx: CommandContext): Promise<EvalInputs> {
  const args = parseArgs(argv, EVAL_FLAGS, 'eval');
  const data = required(args, 'data', 'eval');
  const dataPaths = args.lists.get('data') ?? [data];
  const format = parseFormat(args.flags.get('format'));
  const scenario = defaultScenario(dataPaths, format, args);
  if (!SCENARIOS.includes(scenario)) throw new UserError(`--scenario must be one of ${SCENARIOS.join(', ')}, not "${scenario}"`);
  const pivot = parseLangList(args.flags.get('pivot') ?? 'en')[0];
  const ks = parseIntList(args.flags.get('k') ?? '1,5,10,20,100', 'k');
  const backend = parseBackend(args.flags.get('backend'));
  const choice = languageChoice(args);
  const requested = choice.query;
  const corpus = await loadPool(dataPaths, {
    format,
    langs: languagesToLoad(scenario, requested, choice.pool, pivot),
    split: args.flags.get('split'),
    lang: args.flags.get('lang'),
    allowSkips: args.switches.has('allow-skips'),
    signal: ctx.signal,
    onProgress: ctx.progress,
    ...poolSampleOptions(args),
  });
  if (corpus.kind !== 'qa')
    throw new UserError(`xlens eval scores question→passage retrieval and needs a QA corpus (XQuAD, XQuAD-R, Belebele); ${data} holds parallel sentences: use "xlens bitext"`, { file: data });
  ctx.reportSkips(corpus.skipped);
  // as-given's default query languages: those of the corpus's queries.
  const langs = requested ?? corpus.languages.map((l) => l.code).filter((c) => scenario !== 'as-given' || corpus.queries.some((q) => q.lang === c));
  const depth = interopDepth(args);
  const topN = args.flags.has('top') ? parseIntList(args.flags.get('top')!, 'top')[0] : undefined;
  return {
    args,
    corpus,
    scenarioOpts: { scenario, langs, pivot, poolLangs: choice.pool, ...retrievalScenarioOptions(args) },
    evalOpts: {
      k: ks,
      perQuery: args.switches.has('per-query') || depth !== undefined,
      topN: depth !== undefined ? Math.max(depth, topN ?? 10) : topN,
      backend,
    },
    depth,
    topN,
  };
}

/** The flags a shard run keeps for the merge: all but where the shard and its partial go, --data made absolute. */
function argvForMerge(argv: string[], cwd: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--pool-shard' || a === '--partial') i++;
    else if (a === '--data' && i + 1 < argv.length) out.push(a, path.resolve(cwd, argv[++i]));
    else if (a.startsWith('--data=')) out.push('--data', path.resolve(cwd, a.slice('--data='.length)));
    else if (!a.startsWith('--pool-shard=') && !a.startsWith('--partial=')) out.push(a);
  }
  return out;
}

export async function runEval(argv: string[], ctx: CommandContext): Promise<void> {
  const pre = parseArgs(argv, EVAL_FLAGS, 'eval');
  required(pre, 'data', 'eval');
  const shardFlag = pre.flags.get('pool-shard');
  const partial = outputFlag(pre, 'partial', ctx.cwd, 'file', 'shard0.part.json');
  if ((shardFlag === undefined) !== (partial === undefined)) throw new UserError('--pool-shard i/n and --partial FILE go together (each shard writes its partial; "xlens merge-partials" adds them up)');
  const shard = shardFlag !== undefined ? parseShard(shardFlag) : undefined;
  if (shard) {
    const stray = ['out', 'md', 'trec-run', 'mteb-out'].filter((f) => pre.flags.has(f));
    if (stray.length) throw new UserError(`a shard run writes only its --partial; give ${stray.map((f) => `--${f}`).join(', ')} to "xlens merge-partials"`);
  }
  const out = outputFlag(pre, 'out', ctx.cwd);
  const md = outputFlag(pre, 'md', ctx.cwd);
  // Checked before any work, like --out: a folder in the way is exit 2 now, not after the search.
  outputFlag(pre, 'trec-run', ctx.cwd, 'file', 'run.trec');
  outputFlag(pre, 'mteb-out', ctx.cwd, 'folder', 'mteb-results');

  const { args, corpus, scenarioOpts, evalOpts, depth, topN } = await loadEvalInputs(argv, ctx);
  const encoder = await openEncoder(args.flags.get('model') ?? 'builtin:char-ngram', { cwd: ctx.cwd, signal: ctx.signal, onProgress: ctx.progress, defaults: encoderDefaults(args) });
  noteDevice(encoder, ctx);
  try {
    const guard = await guardCheckpointOverlap(corpus, encoder.info, { includeTrainingData: args.switches.has('include-training-data') });
    if (guard.split) ctx.err(`scoring ${guard.split}`);
    const opts = { ...scenarioOpts, ...evalOpts, signal: ctx.signal, onProgress: ctx.progress };
    if (shard && partial) {
      const p = await scoreShard(guard.corpus, encoder, opts, shard);
      const written: PartialReport = { ...p, eval: { argv: argvForMerge(argv, ctx.cwd), cwd: ctx.cwd } };
      ctx.doneProgress();
      await writeFileAtomic(partial, JSON.stringify(written) + '\n');
      const docs = p.tasks.reduce((a, t) => a + t.range[1] - t.range[0], 0);
      ctx.err(`shard ${shard.index}/${shard.count}: ${docs} pool document(s) over ${p.tasks.length} task(s) scored in ${p.timings.score} s (encoding ${p.timings.encode} s); partial written to ${partial}`);
      return;
    }
    const report = await evaluate(guard.corpus, encoder, opts);
    recordGuard(report, guard);
    ctx.doneProgress();
    if (depth !== undefined) await writeInterop(report, guard.corpus, scenarioOpts, args, ctx, { records: args.switches.has('per-query'), topN: topN ?? 10 });
    await writeReport(report, ctx, out, md);
  } finally {
    await encoder.dispose();
  }
}

/** Print the table and notes; write the JSON and Markdown reports asked for. */
export async function writeReport(report: Report, ctx: CommandContext, out: string | undefined, md: string | undefined): Promise<void> {
  ctx.out(renderEvalTable(report));
  for (const n of report.notes) ctx.out(`note: ${n}`);
  if (out) {
    await writeFileAtomic(out, JSON.stringify(report, null, 1) + '\n');
    ctx.err(`report written to ${out}`);
  }
  if (md) {
    await writeFileAtomic(md, renderEvalMarkdown(report));
    ctx.err(`Markdown report written to ${md}`);
  }
}
