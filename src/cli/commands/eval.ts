import { loadCorpus } from '../../core/data/load';
import { parseLangList } from '../../core/data/languages';
import { openEncoder } from '../../core/encoders/sources';
import { UserError } from '../../core/errors';
import { evaluate } from '../../core/eval/evaluate';
import { renderEvalMarkdown, renderEvalTable } from '../../core/report/render';
import { SCENARIOS, type ScenarioName } from '../../core/scenarios/types';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { parseArgs, parseIntList, required } from '../args';
import type { CommandContext } from '../context';
import { outputFlag, parseBackend, parseFormat } from './options';

export const EVAL_HELP = `xlens eval --data PATH --scenario mono|cross|bilingual|multilingual [options]
  --data PATH        corpus folder or file (XQuAD, XQuAD-R, Belebele)
  --format F         xquad | xquad-r | belebele (default: detected from PATH)
  --model M          model source (default builtin:char-ngram)
  --scenario S       mono | cross | bilingual | multilingual (default bilingual)
  --langs a,b,...    query languages (default: all in the corpus; any code form: de, deu, deu_Latn)
  --pivot L          second pool language of bilingual, and the partner of Alignment (default en)
  --k 1,5,10,20,100  cut-offs for Recall/Success/MRR/nDCG/LangShare
  --out FILE.json    write the report JSON
  --md FILE.md       write a Markdown report
  --per-query        keep per-query ranks and top documents in the JSON
  --allow-skips      skip malformed records (counted and reported) instead of failing
  --backend B        auto | ort | ts (exact retrieval kernel; default auto)`;

export async function runEval(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, {
    values: ['data', 'format', 'model', 'scenario', 'langs', 'pivot', 'k', 'out', 'md', 'backend', 'split', 'top'],
    booleans: ['per-query', 'allow-skips'],
  }, 'eval');
  const data = required(args, 'data', 'eval');
  const scenario = (args.flags.get('scenario') ?? 'bilingual') as ScenarioName;
  if (!SCENARIOS.includes(scenario)) throw new UserError(`--scenario must be one of ${SCENARIOS.join(', ')}, not "${scenario}"`);
  const pivot = parseLangList(args.flags.get('pivot') ?? 'en')[0];
  const ks = parseIntList(args.flags.get('k') ?? '1,5,10,20,100', 'k');
  const backend = parseBackend(args.flags.get('backend'));
  const requested = args.flags.has('langs') ? parseLangList(args.flags.get('langs')!) : undefined;
  const out = outputFlag(args, 'out', ctx.cwd);
  const md = outputFlag(args, 'md', ctx.cwd);

  const corpus = await loadCorpus(data, {
    format: parseFormat(args.flags.get('format')),
    langs: requested ? [...new Set([...requested, pivot])] : undefined,
    split: args.flags.get('split'),
    allowSkips: args.switches.has('allow-skips'),
    signal: ctx.signal,
    onProgress: ctx.progress,
  });
  if (corpus.kind !== 'qa')
    throw new UserError(`xlens eval scores question→passage retrieval and needs a QA corpus (XQuAD, XQuAD-R, Belebele); ${data} holds parallel sentences: use "xlens bitext"`, { file: data });
  ctx.reportSkips(corpus.skipped);
  const langs = requested ?? corpus.languages.map((l) => l.code);

  const encoder = await openEncoder(args.flags.get('model') ?? 'builtin:char-ngram', { cwd: ctx.cwd, signal: ctx.signal, onProgress: ctx.progress });
  try {
    const report = await evaluate(corpus, encoder, {
      scenario,
      langs,
      pivot,
      k: ks,
      perQuery: args.switches.has('per-query'),
      topN: args.flags.has('top') ? parseIntList(args.flags.get('top')!, 'top')[0] : undefined,
      backend,
      signal: ctx.signal,
      onProgress: ctx.progress,
    });
    ctx.doneProgress();
    ctx.out(renderEvalTable(report));
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
