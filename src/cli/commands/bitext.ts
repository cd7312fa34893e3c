import { loadCorpus } from '../../core/data/load';
import { parseLangList } from '../../core/data/languages';
import { questionsAsParallel } from '../../core/data/views';
import { openEncoder } from '../../core/encoders/sources';
import { evaluateBitext } from '../../core/eval/bitextEval';
import { renderBitextTable } from '../../core/report/render';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { parseArgs, required } from '../args';
import type { CommandContext } from '../context';
import { ENCODER_HELP, ENCODER_VALUES, encoderDefaults, noteDevice } from './encoderFlags';
import { outputFlag, parseBackend, parseFormat } from './options';

export const BITEXT_HELP = `xlens bitext --data PATH [options]
  --data PATH        parallel sentences: FLORES/SIB-200, Tatoeba, JSONL/CSV/TSV, or a QA corpus (its questions)
  --format F         force the format (default: detected from PATH)
  --model M          model source (default builtin:char-ngram)
${ENCODER_HELP}
  --langs a,b,...    languages to mine against the pivot (default: all)
  --pivot L          the other side of every pair (default en)
  --out FILE.json    write the bitext report JSON
  --allow-skips      skip malformed records (counted and reported) instead of failing
  --backend B        auto | ort | ts`;

export async function runBitext(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, { values: ['data', 'format', 'model', 'langs', 'pivot', 'out', 'backend', 'split', ...ENCODER_VALUES], booleans: ['allow-skips'] }, 'bitext');
  const data = required(args, 'data', 'bitext');
  const pivot = parseLangList(args.flags.get('pivot') ?? 'en')[0];
  const requested = args.flags.has('langs') ? parseLangList(args.flags.get('langs')!) : undefined;
  const out = outputFlag(args, 'out', ctx.cwd);
  const loaded = await loadCorpus(data, {
    format: parseFormat(args.flags.get('format')),
    langs: requested ? [...new Set([...requested, pivot])] : undefined,
    split: args.flags.get('split'),
    allowSkips: args.switches.has('allow-skips'),
    signal: ctx.signal,
    onProgress: ctx.progress,
  });
  ctx.reportSkips(loaded.skipped);
  const corpus = loaded.kind === 'qa' ? questionsAsParallel(loaded) : loaded;
  const encoder = await openEncoder(args.flags.get('model') ?? 'builtin:char-ngram', { cwd: ctx.cwd, signal: ctx.signal, onProgress: ctx.progress, defaults: encoderDefaults(args) });
  noteDevice(encoder, ctx);
  try {
    const report = await evaluateBitext(corpus, encoder, {
      langs: requested?.filter((l) => l !== pivot),
      pivot,
      backend: parseBackend(args.flags.get('backend')),
      signal: ctx.signal,
      onProgress: ctx.progress,
    });
    ctx.doneProgress();
    ctx.out(renderBitextTable(report));
    if (out) {
      await writeFileAtomic(out, JSON.stringify(report, null, 1) + '\n');
      ctx.err(`report written to ${out}`);
    }
  } finally {
    await encoder.dispose();
  }
}
