import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Encoder } from '../../../src/core/encoders/encoder';
import { writeNpy } from '../../../src/core/encoders/npy';
import { openPrecomputed } from '../../../src/core/encoders/precomputed';
import { openEncoder } from '../../../src/core/encoders/sources';
import { CancelledError, UserError } from '../../../src/core/errors';
import type { Progress } from '../../../src/core/progress';
import { row } from '../../../src/core/vectors';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'encoders');
const S3 = 1 / Math.sqrt(3);

/** Rows of an encode call as plain arrays rounded to 6 decimals. */
async function rowsOf(enc: Encoder, texts: string[], role?: 'query' | 'passage'): Promise<number[][]> {
  const m = await enc.encode(texts, { role });
  return Array.from({ length: m.rows }, (_, i) => [...row(m, i)].map((x) => Math.round(x * 1e6) / 1e6));
}

const r6 = (xs: number[]) => xs.map((x) => Math.round(x * 1e6) / 1e6);

/** Matches a UserError at file:line whose message matches every pattern. */
function userError(file: string, line: number | undefined, ...res: RegExp[]) {
  return (e: unknown) => {
    assert.ok(e instanceof UserError, `not a UserError: ${String(e)}`);
    assert.equal(e.file, file);
    assert.equal(e.line, line);
    for (const re of res) assert.match(e.message, re);
    return true;
  };
}

describe('precomputed:', () => {
  let tmp: string;
  const write = (name: string, content: string) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, content);
    return f;
  };
  const jsonl = (...rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-pre-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('JSONL', () => {
    it('looks texts up, normalised, with per-role rows', async () => {
      const enc = await openEncoder('precomputed:table.jsonl', { cwd: FIXTURES });
      assert.equal(enc.info.dim, 3);
      assert.equal(enc.info.name, 'table.jsonl');
      assert.equal(enc.info.source, 'precomputed:table.jsonl');
      assert.equal(enc.info.settings.rows, 6);
      assert.equal(enc.info.settings.roles, 'per role');
      assert.deepEqual(await rowsOf(enc, ['Hallo Welt', 'Guten Morgen', 'Hallo Welt']), [[0.6, 0.8, 0], [0, 0, 1], [0.6, 0.8, 0]]);
      assert.deepEqual(await rowsOf(enc, ['wer ist Tom?', 'Tom', 'Hallo Welt'], 'query'), [[1, 0, 0], [0, 0, 1], [0.6, 0.8, 0]]);
      assert.deepEqual(await rowsOf(enc, ['wer ist Tom?', 'Tom'], 'passage'), [[0, 1, 0], r6([S3, S3, S3])]);
      assert.deepEqual(await rowsOf(enc, ['Tom']), [r6([S3, S3, S3])], 'a role-less row serves calls without a role');
      await assert.rejects(
        enc.encode(['wer ist Tom?']),
        userError(path.join(FIXTURES, 'table.jsonl'), undefined, /1 text is missing/, /"wer ist Tom\?"/, /only for role query\/passage; this lookup was for no role/),
      );
      assert.deepEqual(enc.stats(), { texts: 9, encoded: 9, cacheHits: 0, truncated: 0 }, 'a failed lookup counts nothing');
    });

    it('round-trips vectors written as JSONL', async () => {
      const texts = ['a', 'ß', '東京', 'line\nbreak', ' spaced ', '"quoted"'];
      const vecs = texts.map((_, i) => Array.from({ length: 5 }, (__, j) => Math.sin(i * 5 + j + 1)));
      const f = write('v.jsonl', '\ufeff' + jsonl(...texts.map((text, i) => ({ text, vector: vecs[i] }))));
      const enc = await openPrecomputed(f);
      assert.equal(enc.info.settings.roles, 'symmetric');
      const m = await enc.encode(texts);
      for (let i = 0; i < texts.length; i++) {
        const n = Math.hypot(...vecs[i]);
        for (let j = 0; j < 5; j++) assert.ok(Math.abs(m.data[i * 5 + j] - vecs[i][j] / n) < 1e-7);
      }
    });

    it('accepts a text repeated with the same vector, or for another role', async () => {
      const f = write('dup.jsonl', jsonl({ text: 'x', vector: [1, 2] }, { text: 'x', vector: [2, 4] }, { text: 'x', vector: [0, 1], role: 'query' }));
      const enc = await openPrecomputed(f);
      assert.equal(enc.info.settings.rows, 2);
      assert.deepEqual(await rowsOf(enc, ['x'], 'query'), [[0, 1]]);
    });

    const cases: Array<[string, string, number, RegExp[]]> = [
      ['bad JSON', jsonl({ text: 'a', vector: [1] }, '{"text": "b", "vector": [1,}'), 2, [/bad JSON/]],
      ['not an object', jsonl('[1, 2]'), 1, [/expected a JSON object/]],
      ['missing text', jsonl({ text: 'a', vector: [1] }, '', { vector: [1] }), 3, [/missing "text"/]],
      ['text not a string', jsonl({ text: 3, vector: [1] }), 1, [/"text" must be a string/]],
      ['missing vector', jsonl({ text: 'a' }), 1, [/missing "vector"/]],
      ['empty vector', jsonl({ text: 'a', vector: [] }), 1, [/"vector" is empty/]],
      ['non-number', jsonl({ text: 'a', vector: [1, '2'] }), 1, [/"vector"\[1\] is not a number/]],
      ['wrong dimension', jsonl({ text: 'a', vector: [1, 2, 3] }, { text: 'b', vector: [1, 2, 3] }, { text: 'c', vector: [1, 2] }), 3, [/vector has 2 values, expected 3 \(as on line 1\)/]],
      ['NaN as Python writes it', jsonl({ text: 'a', vector: [1] }, '{"text": "b", "vector": [NaN, 1.0]}'), 2, [/non-finite value/]],
      ['-Infinity', jsonl('{"text": "b", "vector": [1.0, -Infinity]}'), 1, [/non-finite value/]],
      ['overflow', jsonl('{"text": "b", "vector": [1.0, 1e400]}'), 1, [/non-finite value at index 1/]],
      ['bad role', jsonl({ text: 'a', vector: [1], role: 'document' }), 1, [/"role" must be "query" or "passage", got "document"/]],
      [
        'same text, same role, other vector',
        jsonl({ text: 'Tom und Maria', vector: [1, 0], role: 'query' }, { text: 'Tom und Maria', vector: [1, 0] }, { text: 'Tom und Maria', vector: [0, 1], role: 'query' }),
        3,
        [/"Tom und Maria" appears again for role query with a different vector \(first on line 1\)/],
      ],
    ];
    for (const [name, content, line, res] of cases) {
      it(`names file and line: ${name}`, async () => {
        const f = write('bad.jsonl', content);
        await assert.rejects(openEncoder(`precomputed:${f}`), userError(f, line, ...res));
      });
    }

    it('says how many texts are missing and quotes one, cut to ~80 characters', async () => {
      const f = write('t.jsonl', jsonl({ text: 'known', vector: [1, 0] }));
      const enc = await openPrecomputed(f);
      const long = 'Ein sehr langer Satz, der im Vektortabelle fehlt und viel länger als achtzig Zeichen ist, wirklich.';
      await assert.rejects(enc.encode(['known', long, 'also missing', long, 'third']), (e: unknown) => {
        assert.ok(e instanceof UserError);
        assert.equal(e.file, f);
        assert.ok(e.message.includes(`3 texts are missing from the vector table, e.g. "${long.slice(0, 79)}…"\n`), e.message);
        assert.ok(!e.message.includes('wirklich'));
        return true;
      });
    });

    it('rejects an empty table, a missing file and unknown options', async () => {
      const empty = write('empty.jsonl', '\n\n');
      await assert.rejects(openPrecomputed(empty), userError(empty, undefined, /no rows/));
      const none = path.join(tmp, 'none.jsonl');
      await assert.rejects(openPrecomputed(none), userError(none, undefined, /not found/));
      const f = write('t.jsonl', jsonl({ text: 'a', vector: [1] }));
      await assert.rejects(openEncoder(`precomputed:${f}?dim=3`), /unknown option "dim"/);
      await assert.rejects(openEncoder(`precomputed:${f}?texts=x.txt`), userError(f, undefined, /texts= only applies to \.npy/));
    });

    it('streams a large table with progress, and stops when aborted', async () => {
      const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ text: `t${i}`, vector: [i, 1, 2] }));
      const f = write('big.jsonl', lines.join('\r\n'));
      const seen: Progress[] = [];
      const enc = await openEncoder(`precomputed:${f}`, { onProgress: (p) => seen.push(p) });
      assert.equal(enc.info.settings.rows, 5000);
      assert.ok(seen.length >= 2 && seen.every((p) => p.unit === 'bytes'));
      const ac = new AbortController();
      await assert.rejects(openEncoder(`precomputed:${f}`, { signal: ac.signal, onProgress: () => ac.abort() }), CancelledError);
      await assert.rejects(openEncoder(`precomputed:${f}`, { signal: AbortSignal.abort() }), CancelledError);
    });
  });

  describe('.npy + texts', () => {
    it('reads a numpy-written table; <stem>.txt wins over <stem>.texts.txt', async () => {
      const enc = await openEncoder('precomputed:numpy-f4.npy', { cwd: FIXTURES });
      assert.equal(enc.info.settings.format, 'npy');
      assert.deepEqual(await rowsOf(enc, ['Tom', 'Hallo Welt', 'Guten Morgen'], 'query'), [r6([S3, S3, S3]), [0.6, 0.8, 0], [0, 0, 1]]);
      const f8 = await openEncoder('precomputed:numpy-f8-v2.npy?texts=numpy-f4.txt', { cwd: FIXTURES });
      assert.deepEqual(await rowsOf(f8, ['Guten Morgen']), [[0, 0, 1]]);
    });

    it('round-trips a matrix written with writeNpy', async () => {
      const texts = ['eins', 'zwei', 'drei', 'vier'];
      const data = Float32Array.from({ length: 4 * 6 }, (_, i) => Math.cos(i) * 3);
      await writeNpy(path.join(tmp, 'vecs.npy'), data, [4, 6]);
      write('vecs.texts.txt', texts.join('\r\n'));
      const enc = await openEncoder('precomputed:vecs.npy', { cwd: tmp });
      const m = await enc.encode([...texts].reverse());
      for (let i = 0; i < 4; i++) {
        const src = data.subarray((3 - i) * 6, (4 - i) * 6);
        const n = Math.hypot(...src);
        for (let j = 0; j < 6; j++) assert.ok(Math.abs(m.data[i * 6 + j] - src[j] / n) < 1e-6);
      }
    });

    it('reads rows from disk bit-identical to the same table held in memory (JSONL), in any order, into the caller\'s buffer', async () => {
      const dim = 7;
      const texts = Array.from({ length: 300 }, (_, i) => `text ${i % 250}`); // 50 repeated with the same vector
      let x = 12345;
      const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32) * 4 - 2;
      const base = Array.from({ length: 250 }, () => Float32Array.from({ length: dim }, rnd));
      const data = new Float32Array(texts.length * dim);
      texts.forEach((_, i) => data.set(base[i % 250], i * dim));
      await writeNpy(path.join(tmp, 'v.npy'), data, [texts.length, dim]);
      write('v.txt', texts.join('\n') + '\n');
      await writeNpy(path.join(tmp, 'w.npy'), Float64Array.from(data), [texts.length, dim]);
      write('w.txt', texts.join('\n') + '\n');
      const lines = texts.map((t, i) => ({ text: t, vector: Array.from(data.subarray(i * dim, (i + 1) * dim)) }));
      const memory = await openPrecomputed(write('v.jsonl', jsonl(...lines)));
      const disk = await openPrecomputed(path.join(tmp, 'v.npy'));
      const wide = await openPrecomputed(path.join(tmp, 'w.npy'));
      assert.equal(disk.info.settings.rows, 250);
      assert.equal(disk.info.settings.rows, memory.info.settings.rows);
      const order = [...new Set(texts)].reverse().concat(['text 3', 'text 4', 'text 5', 'text 249', 'text 0']);
      const want = await memory.encode(order);
      const into = new Float32Array(order.length * dim + 5);
      const got = await disk.encode(order, { into: into.subarray(0, order.length * dim) });
      assert.equal(got.data.buffer, into.buffer, 'written into the buffer given');
      assert.deepEqual(new Uint32Array(got.data.slice().buffer), new Uint32Array(want.data.slice().buffer));
      assert.deepEqual(new Uint32Array((await wide.encode(order)).data.buffer), new Uint32Array(want.data.slice().buffer));
      // A buffer of another length is not used.
      const other = new Float32Array(3);
      assert.notEqual((await disk.encode(['text 1'], { into: other })).data, other);
      await Promise.all([memory, disk, wide].map((e) => e.dispose()));
    });

    it('reads long runs of rows off the main thread, bit-identical to the same table held in memory', async () => {
      // 10,000 rows: a lookup in table order is one run per 8,192 texts, read in blocks of 4,096 rows.
      const dim = 3;
      const n = 10_000;
      const texts = Array.from({ length: n }, (_, i) => `t${i}`);
      const data = Float32Array.from({ length: n * dim }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)));
      await writeNpy(path.join(tmp, 'v.npy'), data, [n, dim]);
      write('v.txt', texts.join('\n') + '\n');
      const lines = texts.map((text, i) => ({ text, vector: Array.from(data.subarray(i * dim, (i + 1) * dim)) }));
      const memory = await openPrecomputed(write('v.jsonl', jsonl(...lines)));
      const disk = await openPrecomputed(path.join(tmp, 'v.npy'));
      // In order, then a stretch from the middle, then a few single rows.
      const order = [...texts, ...texts.slice(3000, 3700), 't5', 't9999', 't0'];
      const want = await memory.encode(order);
      const got = await disk.encode(order, { into: new Float32Array(order.length * dim) });
      assert.deepEqual(new Uint32Array(got.data.buffer), new Uint32Array(want.data.buffer));
      // Aborted between chunks: CancelledError, and the reads in flight finish before it is thrown.
      const ac = new AbortController();
      await assert.rejects(disk.encode(order, { signal: ac.signal, onProgress: () => ac.abort() }), CancelledError);
      // A table cut short after it was opened: a UserError naming it, from whichever chunk's read failed.
      fs.truncateSync(path.join(tmp, 'v.npy'), 128 + 9000 * dim * 4);
      await assert.rejects(disk.encode(order), userError(path.join(tmp, 'v.npy'), undefined, /the file ended early/));
      await memory.dispose();
      await disk.dispose();
    });

    it('refuses a float64 value that is not finite as float32, and names the first problem in row order', async () => {
      const npy = path.join(tmp, 'v.npy');
      await writeNpy(npy, Float64Array.from([1, 0, 0, 1e300, 0, 1]), [3, 2]);
      write('v.txt', 'a\nb\nc\n');
      await assert.rejects(openPrecomputed(npy), userError(npy, undefined, /row 1 \(text on line 2 of v\.txt\) has a non-finite value at column 1/));
      // A text repeated with another vector on line 2 comes before a NaN on line 3.
      await writeNpy(npy, Float32Array.from([1, 0, 0, 1, NaN, 1]), [3, 2]);
      const txt = write('v.txt', 'a\na\nc\n');
      await assert.rejects(openPrecomputed(npy), userError(txt, 2, /"a" appears again without a role with a different vector \(first on line 1\)/));
    });

    it('names the files in its errors', async () => {
      const npy = path.join(tmp, 'v.npy');
      await writeNpy(npy, Float32Array.from([1, 0, 0, 1, NaN, 1]), [3, 2]);
      await assert.rejects(openEncoder('precomputed:v.npy', { cwd: tmp }), userError(npy, undefined, /no texts file for v\.npy: looked for v\.txt and v\.texts\.txt/));
      const txt = write('v.txt', 'a\nb\n');
      await assert.rejects(openEncoder('precomputed:v.npy', { cwd: tmp }), userError(txt, undefined, /v\.npy has 3 rows but v\.txt has 2 lines/));
      write('v.txt', 'a\nb\nc\n');
      await assert.rejects(openEncoder('precomputed:v.npy', { cwd: tmp }), userError(npy, undefined, /row 2 \(text on line 3 of v\.txt\) has a non-finite value at column 0/));
      await writeNpy(npy, Float32Array.from([1, 0, 0, 1, 0, 1]), [3, 2]);
      write('v.txt', 'a\nb\na\n');
      await assert.rejects(openEncoder('precomputed:v.npy', { cwd: tmp }), userError(txt, 3, /"a" appears again without a role with a different vector \(first on line 1\)/));
      await writeNpy(npy, Float32Array.from([1, 0, 0]), [3]);
      await assert.rejects(openEncoder('precomputed:v.npy', { cwd: tmp }), userError(npy, undefined, /expected a 2-D array/));
      await assert.rejects(openEncoder('precomputed:v.npy?texts=nope.txt', { cwd: tmp }), userError(path.join(tmp, 'nope.txt'), undefined, /texts file not found/));
    });
  });

  it('fingerprints content and options, not the path', async () => {
    const content = jsonl({ text: 'a', vector: [1, 2] });
    const a = await openPrecomputed(write('a.jsonl', content));
    const b = await openPrecomputed(write('b.jsonl', content));
    const c = await openPrecomputed(write('c.jsonl', jsonl({ text: 'a', vector: [1, 3] })));
    assert.equal(a.info.fingerprint, b.info.fingerprint);
    assert.notEqual(a.info.fingerprint, c.info.fingerprint);
    await writeNpy(path.join(tmp, 'v.npy'), Float32Array.from([1, 2]), [1, 2]);
    write('v.txt', 'a\n');
    write('w.txt', 'a\n');
    const n1 = await openEncoder('precomputed:v.npy', { cwd: tmp });
    const n2 = await openEncoder('precomputed:v.npy?texts=w.txt', { cwd: tmp });
    write('w.txt', 'b\n');
    const n3 = await openEncoder('precomputed:v.npy?texts=w.txt', { cwd: tmp });
    assert.equal(new Set([a.info.fingerprint, n1.info.fingerprint, n2.info.fingerprint, n3.info.fingerprint]).size, 4);
  });

  it('stops encoding with CancelledError when aborted', async () => {
    const enc = await openEncoder('precomputed:table.jsonl', { cwd: FIXTURES });
    await assert.rejects(enc.encode(['Tom'], { signal: AbortSignal.abort() }), CancelledError);
    const ac = new AbortController();
    const many = Array.from({ length: 20000 }, () => 'Tom');
    await assert.rejects(enc.encode(many, { signal: ac.signal, onProgress: () => ac.abort() }), CancelledError);
  });
});
