import { CancelledError, UserError } from '../core/errors';
import { VERSION } from '../core/version';
import { progressBar } from './progressBar';
import type { CommandContext } from './context';
import { EVAL_HELP, runEval } from './commands/eval';
import { BITEXT_HELP, runBitext } from './commands/bitext';
import { METRICS_HELP, runMetrics } from './commands/metrics';
import { EMBED_HELP, runEmbed } from './commands/embed';
import { TRAIN_HELP, runTrain } from './commands/train';
import { EXPORT_HELP, runExport } from './commands/export';
import { COMPARE_HELP, runCompare } from './commands/compare';
import { MERGE_PARTIALS_HELP, runMergePartials } from './commands/mergePartials';
import { EXPORT_VECTORS_HELP, runExportVectors } from './commands/exportVectors';
import { INSPECT_HELP, runInspect } from './commands/inspect';

/** A command resolves to nothing (exit 0) or to its own exit status (e.g. compare's 3). */
const COMMANDS: Record<string, { run: (argv: string[], ctx: CommandContext) => Promise<void | number>; help: string }> = {
  eval: { run: runEval, help: EVAL_HELP },
  bitext: { run: runBitext, help: BITEXT_HELP },
  metrics: { run: runMetrics, help: METRICS_HELP },
  embed: { run: runEmbed, help: EMBED_HELP },
  train: { run: runTrain, help: TRAIN_HELP },
  export: { run: runExport, help: EXPORT_HELP },
  compare: { run: runCompare, help: COMPARE_HELP },
  'merge-partials': { run: runMergePartials, help: MERGE_PARTIALS_HELP },
  'export-vectors': { run: runExportVectors, help: EXPORT_VECTORS_HELP },
  inspect: { run: runInspect, help: INSPECT_HELP },
};

const USAGE = `xlens ${VERSION}: does your multilingual retriever really align languages?

${Object.values(COMMANDS).map((c) => c.help).join('\n\n')}

Exit status: 0 success, 2 bad input (the message names file and line), 3 a regression found by
"compare --fail-on-regression", 1 otherwise.`;

/** Runs one CLI invocation and returns its exit status (0 ok, 2 bad input, 3 regression, 1 otherwise). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const cmd = COMMANDS[command];
  if (!cmd) {
    process.stderr.write(`xlens: unknown command "${command}" (commands: ${Object.keys(COMMANDS).join(', ')}; see "xlens help")\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(cmd.help + '\n');
    return 0;
  }
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const bar = progressBar();
  const ctx: CommandContext = {
    cwd: process.cwd(),
    signal: abort.signal,
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    progress: bar.update,
    doneProgress: bar.done,
    reportSkips: (skipped) => {
      if (!skipped.length) return;
      process.stderr.write(`skipped ${skipped.length} malformed record(s) (--allow-skips):\n`);
      for (const s of skipped.slice(0, 10)) process.stderr.write(`  ${s.file}${s.line ? `:${s.line}` : ''}: ${s.reason}\n`);
      if (skipped.length > 10) process.stderr.write(`  ... and ${skipped.length - 10} more\n`);
    },
  };
  try {
    return (await cmd.run(rest, ctx)) ?? 0;
  } catch (e) {
    bar.done();
    if (e instanceof UserError) {
      process.stderr.write(`xlens ${command}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CancelledError) {
      process.stderr.write(`xlens ${command}: cancelled\n`);
      return 1;
    }
    process.stderr.write(`xlens ${command}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
