import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { QACorpus } from '../../../src/core/data/corpus';
import { loadCorpus } from '../../../src/core/data/load';
import type { Report } from '../../../src/core/report/schema';
import { CHECKPOINT_FILE, type CheckpointMeta } from '../../../src/core/training/checkpoint';
import { qaTrainingData } from '../../../src/core/training/data';

/**
 * The leakage guard: `xlens eval` with a checkpoint on its own training data scores only the
 * held-out part by default and says so in the report; --include-training-data scores everything
 * with a warning; other data is untouched.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'xquad-mini');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-leak-'));
const MODEL = 'builtin:char-ngram?dim=64';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [o, e] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

describe('leakage guard: a checkpoint evaluated on its own training data', function () {
  this.timeout(120_000);
  const ck = path.join(tmp, 'ck');
  let meta: CheckpointMeta;
  let full: QACorpus;

  before(async () => {
    const r = await cli('train', '--data', SAMPLE, '--model', MODEL, '--langs', 'de,zh', '--epochs', '2', '--batch', '8', '--out', ck);
    assert.equal(r.code, 0, r.err);
    meta = JSON.parse(fs.readFileSync(path.join(ck, CHECKPOINT_FILE), 'utf8')) as CheckpointMeta;
    full = (await loadCorpus(SAMPLE)) as QACorpus;
  });

  it('the checkpoint records its test units, its splits and which split produced each figure', () => {
    const held = meta.data.heldOut!;
    const split = qaTrainingData((full), { langs: ['de', 'zh'], pivot: 'en', seed: 0 });
    assert.deepEqual(held.units, split.heldOutUnits!.units);
    assert.equal(held.unit, 'passage');
    assert.match(meta.metrics!.split!, /^test: held-out passages, \d+ of \d+ \(measured once, after training\)$/);
    assert.match(meta.metrics!.validation!.split, /^validation: \d+ of the \d+ training passages/);
    assert.equal(typeof meta.training.keptStep, 'number');
  });

  it('scores only the held-out part by default, and the report says which', async () => {
    const out = path.join(tmp, 'held.json');
    const r = await cli('eval', '--data', SAMPLE, '--model', ck, '--scenario', 'bilingual', '--langs', 'de', '--out', out);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    const held = meta.data.heldOut!;
    assert.equal(report.dataset.split, `held-out passages of the checkpoint: ${held.units.length} of ${held.of}`);
    const heldGroups = new Set(held.units);
    const expected = full.queries.filter((q) => q.lang === 'de' && heldGroups.has(full.docs.find((d) => d.id === full.qrels.get('de')!.get(q.key)![0])!.group)).length;
    assert.equal(report.overall.queries, expected);
    assert.ok(expected > 0 && expected < full.queries.filter((q) => q.lang === 'de').length);
    assert.ok(report.notes.some((n) => /only its \d+ held-out passages/.test(n)), report.notes.join('\n'));
  });

  it('--include-training-data scores everything and records a warning', async () => {
    const out = path.join(tmp, 'all.json');
    const r = await cli('eval', '--data', SAMPLE, '--model', ck, '--scenario', 'bilingual', '--langs', 'de', '--include-training-data', '--out', out);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    assert.match(report.dataset.split!, /^all \d+ passages, including the \d+ the checkpoint was trained and validated on/);
    assert.equal(report.overall.queries, full.queries.filter((q) => q.lang === 'de').length);
    assert.ok(report.notes.some((n) => /^Warning: this data is the training data/.test(n)), report.notes.join('\n'));
  });

  it('other data (a different dataset fingerprint) is scored whole, without a split', async () => {
    const other = path.join(tmp, 'other');
    fs.cpSync(SAMPLE, other, { recursive: true });
    const en = path.join(other, 'xquad.en.json');
    const doc = JSON.parse(fs.readFileSync(en, 'utf8'));
    doc.data[0].paragraphs[0].context += ' (edited)';
    fs.writeFileSync(en, JSON.stringify(doc));
    const out = path.join(tmp, 'other.json');
    const r = await cli('eval', '--data', other, '--model', ck, '--scenario', 'bilingual', '--langs', 'de', '--out', out);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    assert.equal(report.dataset.split, undefined);
    assert.equal(report.notes.length, 0, report.notes.join('\n'));
  });
});
