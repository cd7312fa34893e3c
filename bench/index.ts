import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Bench, Figures } from './figures';
import { knnBench } from './knnBench';
import { evalPool2mBench, evalPoolBench, knnPool2mBench, knnPoolBench } from './knnPool';
import { evalBench } from './evalBench';
import { charNgramBench } from './charNgramBench';
import { trainBench } from './trainBench';
import { scatterBench } from './scatterBench';
import { umapBench } from './umapBench';
import { activationBench } from './activationBench';
import { encoderBench } from './encoderBench';
import { pickBench } from './pickBench';
import { remoteBench } from './remoteBench';
import { shardBench } from './shardBench';

/**
 * `npm run bench [-- name ...]`: runs the benchmarks (all, or those named) and merges their
 * figures into bench/results.json, a flat object of {value, unit, better, target?}. Figures of
 * benchmarks not run this time are kept, so one slow benchmark can be re-measured alone.
 */
const BENCHES: Bench[] = [knnBench, knnPoolBench, evalPoolBench, knnPool2mBench, evalPool2mBench, evalBench, charNgramBench, trainBench, umapBench, scatterBench, pickBench, encoderBench, activationBench, remoteBench, shardBench];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
  if (unknown.length) throw new Error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  const file = path.resolve(__dirname, '..', 'bench', 'results.json');
  const results: Figures = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  for (const b of BENCHES.filter((x) => wanted.length === 0 || wanted.includes(x.name))) {
    process.stderr.write(`bench ${b.name}...\n`);
    const figures = await b.run();
    for (const [name, f] of Object.entries(figures)) {
      results[name] = f;
      const target = f.target === undefined ? '' : ` (target ${f.better === 'lower' ? '≤' : '≥'} ${f.target}${f.target !== undefined && (f.better === 'lower' ? f.value <= f.target : f.value >= f.target) ? ', met' : ', MISSED'})`;
      process.stdout.write(`${name}: ${f.value} ${f.unit}${target}\n`);
    }
    const sorted = Object.fromEntries(Object.entries(results).sort(([a], [b]) => a.localeCompare(b)));
    fs.writeFileSync(file, JSON.stringify(sorted, null, 2) + '\n');
  }
  process.stderr.write(`figures written to ${file}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
