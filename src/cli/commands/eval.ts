import { parseLangList } from '../../core/data/languages';
import { openEncoder } from '../../core/encoders/sources';
import { UserError } from '../../core/errors';
import { evaluate } from '../../core/eval/evaluate';
import { guardCheckpointOverlap, recordGuard } from '../../core/training/leakage';
import { renderEvalMarkdown, renderEvalTable } from '../../core/report/render';
import { SCENARIOS } from '../../core/scenarios/types';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { parseArgs, parseIntList, required } from '../args';
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
  --backend B        auto | ort | ts (exact retrieval kernel; default auto)
  --include-training-data
                     with a checkpoint on its own training data: evaluate everything (default: only the
                     checkpoint's held-out articles; the report's dataset.split says which part was scored)`;

export async function runEval(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, {
    values: ['data', 'format', 'model', 'scenario', 'langs', 'pivot', 'k', 'out', 'md', 'backend', 'split', 'top', ...RETRIEVAL_VALUES, ...ENCODER_VALUES],
    booleans: ['per-query', 'allow-skips', 'include-training-data', ...RETRIEVAL_BOOLEANS],
  }, 'eval');
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
  const out = outputFlag(args, 'out', ctx.cwd);
  const md = outputFlag(args, 'md', ctx.cwd);
  // Checked before any work, like --out: a folder in the way is exit 2 now, not after the search.
  outputFlag(args, 'trec-run', ctx.cwd, 'file', 'run.trec');
  outputFlag(args, 'mteb-out', ctx.cwd, 'folder', 'mteb-results');

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

  const encoder = await openEncoder(args.flags.get('model') ?? 'builtin:char-ngram', { cwd: ctx.cwd, signal: ctx.signal, onProgress: ctx.progress, defaults: encoderDefaults(args) });
  noteDevice(encoder, ctx);
  try {
    const guard = await guardCheckpointOverlap(corpus, encoder.info, { includeTrainingData: args.switches.has('include-training-data') });
    if (guard.split) ctx.err(`scoring ${guard.split}`);
    const scenarioOpts = { scenario, langs, pivot, poolLangs: choice.pool, ...retrievalScenarioOptions(args) };
    const report = await evaluate(guard.corpus, encoder, {
      ...scenarioOpts,
      k: ks,
      perQuery: args.switches.has('per-query') || depth !== undefined,
      topN: depth !== undefined ? Math.max(depth, topN ?? 10) : topN,
      backend,
      signal: ctx.signal,
      onProgress: ctx.progress,
    });
    recordGuard(report, guard);
    ctx.doneProgress();
    if (depth !== undefined) await writeInterop(report, guard.corpus, scenarioOpts, args, ctx, { records: args.switches.has('per-query'), topN: topN ?? 10 });
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
  } finally {
    await encoder.dispose();
  }
}
