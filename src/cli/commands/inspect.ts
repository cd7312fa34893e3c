import { loadCorpus } from '../../core/data/load';
import { addLanguageCheck, inspectCorpus } from '../../core/data/inspect/inspect';
import { checkLanguages, DEFAULT_LANGUAGE_THRESHOLD } from '../../core/data/inspect/languageCheck';
import { eldIdentifier } from '../../core/data/inspect/languageId';
import { flagList, renderInspection } from '../../core/data/inspect/renderText';
import { openModelTokenizer } from '../../core/encoders/modelTokenizer';
import { UserError } from '../../core/errors';
import { parseArgs } from '../args';
import type { CommandContext } from '../context';
import { parseFormat } from './options';

export const INSPECT_HELP = `xlens inspect DATASET [options]
  statistics of a corpus: rows aligned across languages, lengths and tokens per language,
  duplicates, suspect rows, declared-versus-detected language (flags name file and line)
  --format F         force the format (default: detected from DATASET)
  --split S          split(s) to read where the format has them
  --model M          count tokens with this model's tokenizer (default builtin:char-ngram: none)
  --threshold T      confidence a language detection needs to flag a row (default ${DEFAULT_LANGUAGE_THRESHOLD})
  --no-language-check  skip the language identification
  --json             print everything as JSON (every flag with file and line)`;

export async function runInspect(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, { values: ['format', 'split', 'model', 'threshold'], booleans: ['json', 'no-language-check'] }, 'inspect');
  const data = args.positional[0];
  if (!data || args.positional.length > 1) throw new UserError('xlens inspect takes one dataset path (see xlens inspect --help)');
  const threshold = args.flags.has('threshold') ? Number(args.flags.get('threshold')) : undefined;
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new UserError(`--threshold must be a number from 0 to 1, not "${args.flags.get('threshold')}"`);
  const task = { signal: ctx.signal, onProgress: ctx.progress };
  const corpus = await loadCorpus(data, { format: parseFormat(args.flags.get('format')), split: args.flags.get('split'), allowSkips: true, ...task });
  const tok = await openModelTokenizer(args.flags.get('model') ?? 'builtin:char-ngram', { cwd: ctx.cwd });
  const ins = await inspectCorpus(corpus, {
    ...task,
    tokens: tok.kind === 'model' ? { info: { kind: 'model', model: tok.counter.model, maxLength: tok.counter.maxLength }, countAll: tok.counter.countAll } : { info: tok },
  });
  if (!args.switches.has('no-language-check')) addLanguageCheck(ins, await checkLanguages(ins.table, await eldIdentifier(), { ...task, threshold }));
  ctx.doneProgress();
  if (args.switches.has('json')) ctx.out(JSON.stringify({ summary: ins.summary, languageCheck: ins.languageCheck, flags: flagList(ins) }, null, 1));
  else ctx.out(renderInspection(ins));
}
