import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LoadContext } from '../../../src/core/data/context';
import { readLines, readTextFile } from '../../../src/core/data/lines';
import { readRecords, splitTsv } from '../../../src/core/data/records';
import { rejectsWith } from './helpers';

describe('line reader', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-lines-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const collect = async (bytes: Buffer): Promise<[number, string][]> => {
    const file = path.join(dir, 'f.txt');
    fs.writeFileSync(file, bytes);
    const out: [number, string][] = [];
    const n = await readLines(file, (t, l) => out.push([l, t]));
    assert.equal(n, out.length);
    return out;
  };

  it('handles BOM, CRLF, a missing final newline and inner empty lines', async () => {
    const got = await collect(Buffer.from('\ufeffa\r\nb\n\nc', 'utf8'));
    assert.deepEqual(got, [[1, 'a'], [2, 'b'], [3, ''], [4, 'c']]);
    assert.deepEqual(await collect(Buffer.from('x\n', 'utf8')), [[1, 'x']]);
  });

  it('keeps lines and multi-byte characters intact across 1 MB chunks', async () => {
    const long = 'é'.repeat(700_000); // 1.4 MB of 2-byte characters
    const got = await collect(Buffer.from(`${long}\n中文\n${long}`, 'utf8'));
    assert.deepEqual(got.map(([l, t]) => [l, t.length]), [[1, 700_000], [2, 2], [3, 700_000]]);
  });

  it('names the line of invalid UTF-8 (also in whole-file reads)', async () => {
    const file = path.join(dir, 'latin1.txt');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('ok\nok\n'), Buffer.from([0x47, 0x72, 0xfc, 0x0a]), Buffer.from('ok\n')]));
    await rejectsWith(readLines(file, () => undefined), 'latin1.txt:3', 'invalid UTF-8');
    await rejectsWith(() => readTextFile(file), 'latin1.txt:3', 'invalid UTF-8');
    const bad: number[] = [];
    const good: number[] = [];
    await readLines(file, (_, l) => good.push(l), { onBadLine: (l) => bad.push(l) });
    assert.deepEqual([good, bad], [[1, 2, 4], [3]]);
  });

  it('refuses a line longer than the limit, naming it (not "invalid UTF-8")', async () => {
    const file = path.join(dir, 'long.txt');
    fs.writeFileSync(file, 'short\n' + 'y'.repeat(3 << 20) + '\nshort\n');
    await rejectsWith(readLines(file, () => undefined, { maxLineBytes: 1 << 20 }), 'long.txt:2', 'line 2 is longer than 1 MB');
    assert.equal(await readLines(file, () => undefined, { maxLineBytes: 4 << 20 }), 3);
    fs.writeFileSync(file, 'short\n' + 'y'.repeat(3 << 20));
    await rejectsWith(readLines(file, () => undefined, { maxLineBytes: 1 << 20 }), 'long.txt:2', 'longer than 1 MB');
  });

  it('names the line of a NUL byte, with or without skips, in streamed and whole-file reads', async () => {
    const file = path.join(dir, 'nul.txt');
    fs.writeFileSync(file, 'a\nb\nc\u0000d\ne\n');
    await rejectsWith(readLines(file, () => undefined), 'nul.txt:3', 'NUL byte');
    await rejectsWith(readLines(file, () => undefined, { onBadLine: () => undefined }), 'nul.txt:3', 'NUL byte');
    await rejectsWith(() => readTextFile(file), 'nul.txt:3', 'NUL byte');
    fs.writeFileSync(file, 'a\nlast\u0000');
    await rejectsWith(readLines(file, () => undefined), 'nul.txt:2', 'NUL byte');
  });

  it('says UTF-16 for a UTF-16 file', async () => {
    const file = path.join(dir, 'u16.txt');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,en\n', 'utf16le')]));
    await rejectsWith(readLines(file, () => undefined), 'u16.txt:1', 'UTF-16');
    await rejectsWith(() => readTextFile(file), 'u16.txt:1', 'UTF-16');
  });

  it('hands every byte to onBytes (one pass for hashing)', async () => {
    const file = path.join(dir, 'bytes.txt');
    const content = Buffer.from('x'.repeat(3_000_000) + '\nend\n');
    fs.writeFileSync(file, content);
    const seen: Buffer[] = [];
    await readLines(file, () => undefined, { onBytes: (c) => void seen.push(Buffer.from(c)) });
    assert.ok(Buffer.concat(seen).equals(content));
  });

  it('reports a missing file as a UserError', () => rejectsWith(readLines(path.join(dir, 'none.txt'), () => undefined), 'none.txt', 'no such file'));
});

describe('delimited records', () => {
  it('splits pandas-style TSV and leaves other quotes alone', () => {
    assert.deepEqual(splitTsv('1\t"a ""b"" c"\t"x" y\t""'), ['1', 'a "b" c', '"x" y', '']);
  });

  it('parses RFC 4180 CSV records with their starting line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-csv-'));
    const file = path.join(dir, 'a.csv');
    fs.writeFileSync(file, 'a,b\r\n"1\r\n2",x\r\n\r\n"",","\n');
    const recs: [number, string[]][] = [];
    await readRecords(file, ',', new LoadContext(), (f, l) => recs.push([l, f]));
    fs.rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(recs, [[1, ['a', 'b']], [2, ['1\n2', 'x']], [5, ['', ',']]]);
  });

  it('reports an unterminated quote at the line where it opened', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-csv-'));
    const file = path.join(dir, 'q.csv');
    const run = async (text: string) => {
      fs.writeFileSync(file, text);
      const ctx = new LoadContext({ allowSkips: true });
      const recs: number[] = [];
      await readRecords(file, ',', ctx, (_, l) => recs.push(l));
      return { recs, skipped: ctx.skipped.map((s) => [s.line, s.reason.slice(0, 30)]) };
    };
    // Never closed: reported at line 3 (where it opened), not where the record started.
    assert.deepEqual(await run('h,e\n1,a\n2,b,"c\n3,d\n'), { recs: [1, 2], skipped: [[3, 'unterminated quoted field (a "']] });
    // "Closed" by a quote on a later line: reported at line 2, where it opened.
    const r = await run('h,e\n1,"a\n2,"b",c\n3,d\n');
    assert.deepEqual(r.recs, [1, 4]);
    assert.equal(r.skipped[0][0], 2);
    // An ordinary stray character after a closing quote stays at its own line.
    assert.deepEqual((await run('h,e\n1,"a"x\n')).skipped, [[2, "unexpected character 'x' after"]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
