import { loadCorpus } from '../../core/data/load';
import { parseLangList } from '../../core/data/languages';
import { questionsAsParallel } from '../../core/data/views';
import { openEncoder } from '../../core/encoders/sources';
import { evaluateBitext } from '../../core/eval/bitextEval';
import { bitextFigures } from '../../core/report/bitextFigures';
import { bitextMatrix, bitextMatrixCsv, bitextMatrixJson, bitextMatrixMarkdown, bitextMatrixText } from '../../core/report/bitextMatrix';
import { renderBitextTable } from '../../core/report/render';
import { UserError } from '../../core/errors';
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
  --matrix M         pivot (default): each language against the pivot; all: every pair of the languages
  --matrix-out FILE  write the accuracy matrix (rows = source, columns = target) as .md, .csv or .json
  --matrix-metric X  accuracy (default) or margin (ratio-margin scoring) in the matrix
  --out FILE.json    write the bitext report JSON
  --allow-skips      skip malformed records (counted and reported) instead of failing
  --backend B        auto | native | ort | ts`;

export async function runBitext(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, { values: ['data', 'format', 'model', 'langs', 'pivot', 'out', 'backend', 'split', 'matrix', 'matrix-out', 'matrix-metric', ...ENCODER_VALUES], booleans: ['allow-skips'] }, 'bitext');
  const data = required(args, 'data', 'bitext');
  const pivot = parseLangList(args.flags.get('pivot') ?? 'en')[0];
  const requested = args.flags.has('langs') ? parseLangList(args.flags.get('langs')!) : undefined;
  const out = outputFlag(args, 'out', ctx.cwd);
  const matrix = oneOf(args.flags.get('matrix'), '--matrix', ['pivot', 'all'] as const) ?? 'pivot';
  const metric = oneOf(args.flags.get('matrix-metric'), '--matrix-metric', ['accuracy', 'margin'] as const) ?? 'accuracy';
  const matrixOut = outputFlag(args, 'matrix-out', ctx.cwd, 'file', 'matrix.md');
  const matrixFormat = matrixOut ? matrixFileFormat(matrixOut) : undefined;
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
      matrix,
      backend: parseBackend(args.flags.get('backend')),
      signal: ctx.signal,
      onProgress: ctx.progress,
    });
    ctx.doneProgress();
    ctx.out(renderBitextTable(report));
    const figures = matrix === 'all' || matrixOut ? bitextFigures(report) : undefined;
    const m = figures && bitextMatrix(report, figures, metric);
    if (m && matrix === 'all') ctx.out(`\n${metric === 'margin' ? 'BitextAcc.margin' : 'BitextAcc'}: source (rows) → target (columns)\n${bitextMatrixText(m)}`);
    if (m && matrixOut) {
      const title = `Bitext mining: ${report.dataset.name} · ${report.model.name}`;
      await writeFileAtomic(matrixOut, matrixFormat === 'csv' ? bitextMatrixCsv(m) : matrixFormat === 'json' ? bitextMatrixJson(m) : bitextMatrixMarkdown(m, title));
      ctx.err(`matrix written to ${matrixOut}`);
    }
    if (out) {
      await writeFileAtomic(out, JSON.stringify(report, null, 1) + '\n');
      ctx.err(`report written to ${out}`);
    }
  } finally {
    await encoder.dispose();
  }
}

function oneOf<T extends string>(v: string | undefined, flag: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  const hit = allowed.find((a) => a === v);
  if (!hit) throw new UserError(`${flag} must be one of ${allowed.join(', ')}, not "${v}"`);
  return hit;
}

/** The matrix file's format, from its extension (checked before any work starts). */
function matrixFileFormat(file: string): 'md' | 'csv' | 'json' {
  const ext = /\.(md|markdown|csv|json)$/i.exec(file)?.[1].toLowerCase();
  if (!ext) throw new UserError(`--matrix-out ${file}: name a .md, .csv or .json file`);
  return ext === 'markdown' ? 'md' : (ext as 'md' | 'csv' | 'json');
}
