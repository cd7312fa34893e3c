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
});
