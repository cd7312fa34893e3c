import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { SAMPLE, xlens, xlensIn } from './runCli';
import { tinyModel } from '../support/testModels';

const GEOMETRY = ['Uniformity', 'LangSeparability', 'Alignment'];

/** A report without creation time, timings, encoder counts, notes and pool-wide geometry (what a merge differs in). */
function comparable(file: string): unknown {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const strip = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([k]) => !GEOMETRY.includes(k)));
  delete r.createdAt;
  delete r.timings;
  delete r.notes;
  delete r.model.stats;
  r.overall = strip(r.overall);
  for (const l of Object.keys(r.byLanguage)) r.byLanguage[l] = strip(r.byLanguage[l]);
  r.definitions = strip(r.definitions);
  return r;
}

describe('CLI: beyond one machine (shards, merge, Parquet export, device)', function () {
  this.timeout(180_000);
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-scale-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('eval --pool-shard i/n --partial, then merge-partials: the unsharded report (ranks, metrics, top documents)', () => {
    const common = ['--data', SAMPLE, '--scenario', 'multilingual', '--k', '1,5,10', '--per-query', '--backend', 'ts'];
    const whole = xlens('eval', ...common, '--out', path.join(tmp, 'whole.json'));
    assert.equal(whole.code, 0, whole.stderr);
    for (let i = 0; i < 3; i++) {
      const r = xlens('eval', ...common, '--pool-shard', `${i}/3`, '--partial', path.join(tmp, 'parts', `s${i}.part.json`));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`shard ${i}/3: \\d+ pool document\\(s\\) over \\d+ task\\(s\\)`));
    }
    // Merged from another folder: the partials carry the absolute --data.
    const parts = [2, 0, 1].map((i) => path.join(tmp, 'parts', `s${i}.part.json`));
    const merged = xlensIn(os.tmpdir(), 'merge-partials', ...parts, '--out', path.join(tmp, 'merged.json'), '--md', path.join(tmp, 'merged.md'));
    assert.equal(merged.code, 0, merged.stderr);
    assert.match(merged.stdout, /note: Scored in 3 pool shard\(s\) and merged/);
    assert.deepEqual(comparable(path.join(tmp, 'merged.json')), comparable(path.join(tmp, 'whole.json')));
    assert.ok(fs.statSync(path.join(tmp, 'merged.md')).size > 0);
  });

  it('bad shard input is exit 2 with a clear message', () => {
    const noPartial = xlens('eval', '--data', SAMPLE, '--pool-shard', '0/2');
    assert.equal(noPartial.code, 2);
    assert.match(noPartial.stderr, /--pool-shard i\/n and --partial FILE go together/);
    const badSpec = xlens('eval', '--data', SAMPLE, '--pool-shard', '2/2', '--partial', path.join(tmp, 'x.part.json'));
    assert.equal(badSpec.code, 2);
    assert.match(badSpec.stderr, /0 ≤ i < n/);
    const withOut = xlens('eval', '--data', SAMPLE, '--pool-shard', '0/2', '--partial', path.join(tmp, 'x.part.json'), '--out', path.join(tmp, 'x.json'));
    assert.equal(withOut.code, 2);
    assert.match(withOut.stderr, /give --out to "xlens merge-partials"/);
    const missing = xlens('merge-partials', path.join(tmp, 'parts', 's0.part.json'), path.join(tmp, 'parts', 's1.part.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /shard 2\/3 missing/);
    fs.writeFileSync(path.join(tmp, 'not.part.json'), '{"a": 1}');
    const notPartial = xlens('merge-partials', path.join(tmp, 'not.part.json'));
    assert.equal(notPartial.code, 2);
    assert.match(notPartial.stderr, /not\.part\.json is not an XLens partial/);
  });

  it('export-vectors --format parquet: a table hyparquet reads back, vectors equal to the JSONL export', async () => {
    const file = path.join(tmp, 'out', 'vectors.parquet');
    const r = xlens('export-vectors', '--data', SAMPLE, '--format', 'parquet', '--out', file);
    assert.equal(r.code, 0, r.stderr);
    const buf = fs.readFileSync(file);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const rows = (await parquetReadObjects({ file: ab })) as Array<{ id: string; kind: string; lang: string; position: number; text: string; vector: number[] }>;
    const meta = JSON.parse(parquetMetadata(ab).key_value_metadata!.find((kv) => kv.key === 'xlens')!.value!);
    assert.equal(meta.model.source, 'builtin:char-ngram');
    assert.equal(rows.length, 474);
    const passages = rows.filter((x) => x.kind === 'passage');
    assert.deepEqual(passages.map((p) => p.position), passages.map((_, i) => i), 'passages in pool order');
    // The same vectors as the JSONL export (9 significant digits there: float32 exact).
    const jsonl = path.join(tmp, 'v.jsonl');
    assert.equal(xlens('embed', '--data', SAMPLE, '--out', jsonl).code, 0);
    // hyparquet decodes strings with a default TextDecoder, which drops a leading BOM (one XQuAD passage has one).
    const key = (role: string, text: string) => `${role}\u0000${text.replace(/^\uFEFF/, '')}`;
    const byText = new Map(fs.readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).map((o) => [key(o.role, o.text), o.vector as number[]]));
    for (const row of rows) {
      const want = byText.get(key(row.kind, row.text))!;
      assert.equal(row.vector.length, meta.model.dim);
      assert.deepEqual(row.vector.map((x) => Math.fround(x)), want.map((x) => Math.fround(x)), row.id);
    }
    const bad = xlens('export-vectors', '--data', SAMPLE, '--format', 'arrow', '--out', file);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be parquet/);
  });

  it('--device: auto notes the CPU fallback, cuda without CUDA is exit 2, a bad value is exit 2', function () {
    const dir = tinyModel({ seed: 1 }).dir;
    const auto = xlens('embed', '--data', SAMPLE, '--langs', 'en', '--model', dir, '--device', 'auto', '--out', path.join(tmp, 'auto.jsonl'));
    assert.equal(auto.code, 0, auto.stderr);
    if (!/note: device auto: running on the CPU \(CUDA not usable: /.test(auto.stderr)) this.skip(); // a machine with a usable GPU: nothing to test here
    const cuda = xlens('embed', '--data', SAMPLE, '--langs', 'en', '--model', dir, '--device', 'cuda', '--out', path.join(tmp, 'cuda.jsonl'));
    assert.equal(cuda.code, 2, cuda.stderr);
    assert.match(cuda.stderr, /device=cuda was asked for, but CUDA is not usable here/);
    assert.ok(!fs.existsSync(path.join(tmp, 'cuda.jsonl')));
    const bad = xlens('eval', '--data', SAMPLE, '--device', 'gpu');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--device must be one of auto, cpu, cuda/);
  });
});
