import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { encodeNpy, parseNpy, readNpy, writeNpy } from '../../../src/core/encoders/npy';
import { UserError } from '../../../src/core/errors';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'encoders');
const fixture = (name: string) => path.join(FIXTURES, name);
const EXPECTED = [3, 4, 0, 0, 0, 2, 1, 1, 1];

function userError(file: string, re: RegExp) {
  return (e: unknown) => e instanceof UserError && e.file === file && re.test(e.message);
}

describe('npy', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-npy-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads files written by numpy (float32 v1.0, float64 v2.0)', async () => {
    const f4 = await readNpy(fixture('numpy-f4.npy'));
    assert.equal(f4.dtype, '<f4');
    assert.deepEqual(f4.shape, [3, 3]);
    assert.ok(f4.data instanceof Float32Array);
    assert.deepEqual([...f4.data], EXPECTED);
    const f8 = await readNpy(fixture('numpy-f8-v2.npy'));
    assert.equal(f8.dtype, '<f8');
    assert.deepEqual(f8.shape, [3, 3]);
    assert.ok(f8.data instanceof Float64Array);
    assert.deepEqual([...f8.data], EXPECTED);
  });

  it('writes the same bytes as numpy.save', () => {
    const ours = encodeNpy(new Float32Array(EXPECTED), [3, 3]);
    assert.equal(Buffer.compare(Buffer.from(ours), fs.readFileSync(fixture('numpy-f4.npy'))), 0);
  });

  it('round-trips float32 and float64 through a file', async () => {
    const f = path.join(tmp, 'a.npy');
    const a = Float32Array.from({ length: 35 }, (_, i) => Math.sin(i) * 1e3);
    await writeNpy(f, a, [5, 7]);
    assert.deepEqual(await readNpy(f), { dtype: '<f4', shape: [5, 7], data: a });
    const b = Float64Array.from([Math.PI, -0, 1e-300, Number.MAX_VALUE]);
    await writeNpy(f, b, [4]);
    assert.deepEqual(await readNpy(f), { dtype: '<f8', shape: [4], data: b });
    assert.deepEqual(fs.readdirSync(tmp), ['a.npy'], 'no temporary file left behind');
  });

  it('round-trips any shape and values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
        fc.boolean(),
        fc.integer(),
        (shape, f64, seed) => {
          const n = shape.reduce((a, b) => a * b, 1);
          const data = f64 ? new Float64Array(n) : new Float32Array(n);
          for (let i = 0; i < n; i++) data[i] = Math.sin(seed + i) * 10 ** ((i % 7) - 3);
          const back = parseNpy(encodeNpy(data, shape));
          assert.deepEqual(back.shape, shape);
          assert.deepEqual(back.data, data);
          const bytes = encodeNpy(data, shape);
          const headerEnd = 10 + new DataView(bytes.buffer).getUint16(8, true);
          assert.equal(headerEnd % 64, 0, 'data starts 64-byte aligned');
        },
      ),
    );
  });

  it('switches to format 2.0 when the header outgrows 64 KiB', () => {
    const shape = Array.from({ length: 25000 }, () => 1);
    const bytes = encodeNpy(new Float32Array([7]), shape);
    assert.equal(bytes[6], 2);
    const back = parseNpy(bytes);
    assert.equal(back.shape.length, 25000);
    assert.deepEqual([...back.data], [7]);
  });

  it('rejects what it cannot read, naming the file', async () => {
    const cases: Array<[string, RegExp]> = [
      ['numpy-big-endian.npy', /unsupported dtype '>f4'/],
      ['numpy-int.npy', /unsupported dtype '<i4'/],
      ['numpy-fortran.npy', /Fortran-order/],
      ['numpy-f4.txt', /not a \.npy file/],
    ];
    for (const [name, re] of cases) await assert.rejects(readNpy(fixture(name)), userError(fixture(name), re));
    const truncated = fs.readFileSync(fixture('numpy-f4.npy')).subarray(0, 150);
    assert.throws(() => parseNpy(truncated, 'cut.npy'), userError('cut.npy', /truncated \.npy data: shape \(3, 3\) needs 36 bytes, the file has 22/));
    assert.throws(() => encodeNpy(new Float32Array(3), [2, 2]), /does not match 3 values/);
  });
});
