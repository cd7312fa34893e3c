import * as fs from 'node:fs';
import { compareReports, DEFAULT_ALPHA } from '../../core/compare/compareReports';
import { comparisonRecord } from '../../core/compare/comparisonRecord';
import { CORRECTIONS, DEFAULT_CORRECTION, type Correction } from '../../core/compare/correction';
import { comparisonMarkdown, describeTest, formatDelta, formatP, summaryLine } from '../../core/compare/exportComparison';
import { allHeadlineMetrics } from '../../core/compare/headline';
import { DEFAULT_TEST } from '../../core/compare/pairedTests';
import type { PairedTestMethod } from '../../core/compare/types';
import { UserError } from '../../core/errors';
import { formatValue, textTable } from '../../core/report/columns';
import type { Report } from '../../core/report/schema';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { parseArgs } from '../args';
import type { CommandContext } from '../context';
import { outputFlag } from './options';

export const COMPARE_HELP = `xlens compare A.json B.json [options]   (paired tests of run B against run A)
  --metrics a,b,...  metrics to test (default: every headline metric both runs have:
                     ${allHeadlineMetrics().map((m) => m.name).join(', ')})
  --test T           randomization (sign flip, default) | bootstrap (paired)
  --correction C     holm (default) | bh (Benjamini–Hochberg) | none; the family is every cell
                     (each language × metric, and each metric's overall)
  --samples N        Monte-Carlo samples (default ${DEFAULT_TEST.samples})
  --seed N           seed of the resampling (default ${DEFAULT_TEST.seed})
  --alpha A          significance level on the corrected p-values (default ${DEFAULT_ALPHA})
  --out FILE.json    write every cell with raw and corrected p, wins/ties/losses, and a summary
  --md FILE.md       write a Markdown report
  --fail-on-regression  exit 3 when B is significantly worse than A in any cell
  Both runs need per-query records (xlens eval --per-query) of the same dataset, scenario and
  languages; otherwise exit 2 naming the difference.`;

/** Exit status of --fail-on-regression when a cell is significantly worse for B. */
export const EXIT_REGRESSION = 3;

export async function runCompare(argv: string[], ctx: CommandContext): Promise<number> {
  const args = parseArgs(argv, { values: ['metrics', 'test', 'correction', 'samples', 'seed', 'alpha', 'out', 'md'], booleans: ['fail-on-regression'] }, 'compare');
  if (args.positional.length !== 2) throw new UserError(`"xlens compare" needs two run files, A (baseline) and B; got ${args.positional.length}`);
  const [fileA, fileB] = args.positional;
  const method = parseTest(args.flags.get('test'));
  const correction = parseCorrection(args.flags.get('correction'));
  const samples = parseNumber(args.flags.get('samples'), 'samples', DEFAULT_TEST.samples, (n) => Number.isInteger(n) && n >= 1 && n <= 10_000_000, 'a whole number from 1 to 10,000,000');
  const seed = parseNumber(args.flags.get('seed'), 'seed', DEFAULT_TEST.seed, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'a whole number from 0 to 4294967295');
  const alpha = parseNumber(args.flags.get('alpha'), 'alpha', DEFAULT_ALPHA, (n) => n > 0 && n < 1, 'a number between 0 and 1');
  const out = outputFlag(args, 'out', ctx.cwd, 'file', 'comparison.json');
  const md = outputFlag(args, 'md', ctx.cwd);
  const [a, b] = await Promise.all([readRun(fileA), readRun(fileB)]);
  const metrics = args.flags.has('metrics') ? parseMetrics(args.flags.get('metrics')!, a, b, fileA, fileB) : undefined;

  const c = await compareReports(a, b, { method, samples, seed, alpha, correction, metrics, names: { a: fileA, b: fileB }, signal: ctx.signal, onProgress: ctx.progress });
  ctx.doneProgress();
  const rows = c.rows.flatMap((r) =>
    c.metrics.flatMap((m) => {
      const d = r.deltas[m.name];
      if (!d) return [];
      const mark = d.verdict === 'better' ? 'B better' : d.verdict === 'worse' ? 'A better' : '';
      return [[r.lang, m.name, formatValue(m.name, d.a), formatValue(m.name, d.b), formatDelta(m.name, d.delta), formatP(d.p), formatP(d.pAdjusted), `${d.wins}/${d.ties}/${d.losses}`, mark]];
    }),
  );
  ctx.out(textTable(['lang', 'metric', 'A', 'B', 'Δ', 'p', 'p adj.', 'W/T/L', ''], rows));
  ctx.out(`${summaryLine(c)}\n${describeTest(c)}`);
  for (const n of c.notes) ctx.err(`note: ${n}`);

  if (out) {
    await writeFileAtomic(out, JSON.stringify(comparisonRecord(c, { a: fileA, b: fileB }), null, 1) + '\n');
    ctx.err(`comparison written to ${out}`);
  }
  if (md) {
    await writeFileAtomic(md, comparisonMarkdown(c));
    ctx.err(`Markdown comparison written to ${md}`);
  }
  if (args.switches.has('fail-on-regression')) {
    const worse = c.rows.flatMap((r) => c.metrics.filter((m) => r.deltas[m.name]?.verdict === 'worse').map((m) => `${r.lang} ${m.name}`));
    if (worse.length) {
      ctx.err(`xlens compare: B is significantly worse than A in ${worse.length} cell(s): ${worse.join(', ')}`);
      return EXIT_REGRESSION;
    }
  }
  return 0;
}

async function readRun(file: string): Promise<Report> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read this run: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`, { file });
  }
  let r: Partial<Report>;
  try {
    r = JSON.parse(text) as Partial<Report>;
  } catch (e) {
    throw new UserError(`not JSON: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  if (r?.tool === 'xlens' && 'pairs' in r)
    throw new UserError('a bitext report: xlens compare takes evaluation runs with per-query records', { file, hint: 'Write runs with "xlens eval --per-query --out FILE.json".' });
  if (r?.tool !== 'xlens' || !r.dataset || !Array.isArray(r.languages) || !r.model)
    throw new UserError('not an xlens evaluation report (expected "tool": "xlens" with dataset, model and languages)', { file, hint: 'Write runs with "xlens eval --per-query --out FILE.json".' });
  return r as Report;
}

function parseTest(s: string | undefined): PairedTestMethod {
  if (s === undefined) return DEFAULT_TEST.method;
  if (s === 'randomization' || s === 'randomisation') return 'randomization';
  if (s === 'bootstrap' || s === 'paired-bootstrap') return 'paired-bootstrap';
  throw new UserError(`--test must be randomization or bootstrap, not "${s}"`);
}

function parseCorrection(s: string | undefined): Correction {
  if (s === undefined) return DEFAULT_CORRECTION;
  const c = CORRECTIONS.find((x) => x === s.toLowerCase());
  if (!c) throw new UserError(`--correction must be one of ${CORRECTIONS.join(', ')}, not "${s}"`);
  return c;
}

function parseNumber(s: string | undefined, flag: string, fallback: number, ok: (n: number) => boolean, what: string): number {
  if (s === undefined) return fallback;
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new UserError(`--${flag} must be ${what}, not "${s}"`);
  return n;
}

/** Metric names as reports spell them; each must be a headline metric with per-query values in both runs. */
function parseMetrics(s: string, a: Report, b: Report, fileA: string, fileB: string): string[] {
  const names = [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];
  if (!names.length) throw new UserError('--metrics needs at least one metric name');
  const known = allHeadlineMetrics();
  for (const name of names) {
    const m = known.find((k) => k.name === name);
    if (!m) throw new UserError(`--metrics: "${name}" is not a metric Compare can test (known: ${known.map((k) => k.name).join(', ')})`);
    for (const [r, file] of [[a, fileA], [b, fileB]] as const)
      if (r.perQuery?.length && !r.perQuery.some((q) => Number.isFinite(q.metrics?.[m.perQuery])))
        throw new UserError(`--metrics: this run has no per-query ${m.perQuery} values, so ${name} cannot be compared`, { file });
  }
  return names;
}
