import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { openEncoder } from '../../../src/core/encoders/sources';
import { CancelledError } from '../../../src/core/errors';
import { ADAPTER_FILE, CHECKPOINT_FILE } from '../../../src/core/training/checkpoint';
import { openCheckpointEncoder } from '../../../src/core/training/adapterEncoder';
import { plantedCorpus } from './planted';
import type { TrainEvent } from '../../../src/core/training/trainer';
import { runTrainJob, type TrainRequest } from '../../../src/core/training/trainJob';
import { runTrainInWorker } from '../../../src/core/training/workerClient';

/** The whole pipeline on the bundled sample (one XQuAD article, split by passage): CLI, job, worker thread. */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'xquad-mini');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-job-'));
/** The TypeScript worker entry behind a small CommonJS bootstrap that registers tsx in the thread. */
const WORKER = path.join(tmp, 'worker-bootstrap.js');
fs.writeFileSync(WORKER, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(path.join(ROOT, 'src', 'core', 'training', 'worker.ts'))});\n`);
const MODEL = 'builtin:char-ngram?dim=64';

function request(out: string, over: Partial<TrainRequest> = {}): TrainRequest {
  return {
    data: SAMPLE, model: MODEL, langs: ['de', 'zh'], pivot: 'en', loss: 'jsd', adapter: 'linear', epochs: 2, batchSize: 8, lr: 1e-3,
    weightDecay: 0.01, warmup: 0.1, seed: 5, evalEvery: 4, hardNegatives: 1, hardWindow: [50, 100], out, cwd: tmp, ...over,
  };
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [o, e] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

describe('training jobs', function () {
  this.timeout(60_000);

  it('xlens train writes a checkpoint, logs progress on stderr and a base-vs-trained table on stdout', async () => {
    const out = path.join(tmp, 'cli');
    const r = await cli('train', '--data', SAMPLE, '--model', MODEL, '--langs', 'de,zh', '--loss', 'clear', '--epochs', '2', '--batch', '8', '--eval-every', '3', '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /training a linear adapter with clear on \d+ examples \(de, zh\)/);
    assert.match(r.err, /validation @ step 3: bilingual\.Max@R/);
    assert.match(r.out, /^test: held-out passages, \d+ of \d+ \(measured once, after training\)$/m);
    assert.match(r.out, /^validation: \d+ of the \d+ training passages/m);
    assert.match(r.out, /bilingual\.EIR\s+\d/);
    assert.ok(fs.existsSync(path.join(out, ADAPTER_FILE)) && fs.existsSync(path.join(out, CHECKPOINT_FILE)));
  });

  it('trains on precomputed: vectors from user JSONL; the checkpoint then opens as a model over them', async () => {
    const { corpus, vectors } = plantedCorpus({ articles: 10 });
    const table = path.join(tmp, 'vectors.jsonl');
    fs.writeFileSync(table, Object.entries(vectors).map(([text, vector]) => JSON.stringify({ text, vector })).join('\n') + '\n');
    const rel = (lang: string, key: string) => corpus.docs.find((d) => d.id === corpus.qrels.get(lang)!.get(key)![0])!.text;
    const lines = corpus.queries.filter((q) => q.lang === 'en').map((q) => {
      const de = corpus.queries.find((x) => x.lang === 'de' && x.key === q.key)!;
      return JSON.stringify({ q_en: q.text, q_L: de.text, p_en: rel('en', q.key), p_L: rel('de', q.key) });
    });
    const data = path.join(tmp, 'pairs.jsonl');
    fs.writeFileSync(data, lines.join('\n') + '\n');
    const out = path.join(tmp, 'precomputed-ck');
    const r = await cli('train', '--data', data, '--model', `precomputed:${table}`, '--langs', 'de', '--epochs', '3', '--batch', '16', '--early-stop', 'off', '--out', out);
    assert.equal(r.code, 0, r.err);
    const enc = await openCheckpointEncoder(out, (source, o) => openEncoder(source, o));
    const base = await openEncoder(`precomputed:${table}`);
    const texts = ['de q3', 'en p1'];
    const [a, b] = [await enc.encode(texts, { role: 'query' }), await base.encode(texts, { role: 'query' })];
    assert.equal(a.dim, 48);
    assert.notDeepEqual([...a.data], [...b.data]);
    await enc.dispose();
    await base.dispose();
  });

  it('xlens train rejects bad flags with status 2', async () => {
    assert.equal((await cli('train', '--data', SAMPLE, '--langs', 'de', '--loss', 'nope')).code, 2);
    assert.equal((await cli('train', '--data', SAMPLE)).code, 2);
    assert.equal((await cli('train', '--data', SAMPLE, '--langs', 'de', '--hard-window', '9-3')).code, 2);
  });

  it('a worker thread gives the same checkpoint bytes as the same job in-process, with live events', async () => {
    const inProc = path.join(tmp, 'in-process');
    const inThread = path.join(tmp, 'worker');
    await runTrainJob(request(inProc), { openEncoder });
    const events: TrainEvent[] = [];
    const result = await runTrainInWorker(WORKER, request(inThread), { onEvent: (e) => events.push(e) });
    assert.equal(result.out, inThread);
    for (const f of [ADAPTER_FILE, CHECKPOINT_FILE]) assert.ok(fs.readFileSync(path.join(inProc, f)).equals(fs.readFileSync(path.join(inThread, f))), f);
    assert.equal(events[0].type, 'start');
    assert.ok(events.some((e) => e.type === 'step' && e.components.jsd !== undefined && e.lr > 0));
    assert.ok(events.some((e) => e.type === 'eval' && e.metrics['bilingual.Max@R'] > 0));
    assert.equal(events.at(-1)!.type, 'done');
  });

  it('cancelling aborts without writing; stopping keeps what was trained', async () => {
    const abort = new AbortController();
    const cancelled = path.join(tmp, 'cancelled');
    const run = runTrainJob(request(cancelled, { epochs: 50 }), { openEncoder, signal: abort.signal, onEvent: (e) => e.type === 'step' && e.step === 3 && abort.abort() });
    await assert.rejects(run, CancelledError);
    assert.ok(!fs.existsSync(cancelled));

    const stop = new AbortController();
    const stopped = path.join(tmp, 'stopped');
    const r = await runTrainInWorker(WORKER, request(stopped, { epochs: 50 }), {
      stop: stop.signal,
      onEvent: (e) => e.type === 'step' && e.step === 5 && stop.abort(),
    });
    assert.equal(r.reason, 'stopped');
    assert.ok(r.steps >= 5 && r.steps < 50);
    assert.ok(fs.existsSync(path.join(stopped, ADAPTER_FILE)));
  });
});
