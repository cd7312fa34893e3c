import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Encoder } from '../../../src/core/encoders/encoder';
import { finiteChecked } from '../../../src/core/encoders/finiteCheck';
import { writeNpy } from '../../../src/core/encoders/npy';
import { openEncoder } from '../../../src/core/encoders/sources';
import { UserError } from '../../../src/core/errors';
import { matrix } from '../../../src/core/vectors';
import { stubEncoder } from '../../support/stubEncoder';

/** An encoder returning the given rows verbatim (no normalisation), as a broken model would. */
function rawEncoder(rows: Record<string, number[]>): Encoder {
  const stub = stubEncoder({ a: [1, 0] });
  return {
    ...stub,
    info: { ...stub.info, source: 'broken-model' },
    async encode(texts) {
      const m = matrix(texts.length, 2);
      texts.forEach((t, i) => m.data.set(rows[t], i * 2));
      return m;
    },
  };
}

const refused = (...res: RegExp[]) => (e: unknown) => {
  assert.ok(e instanceof UserError, `not a UserError: ${String(e)}`);
  for (const re of res) assert.match(e.message, re);
  return true;
};

describe('non-finite and zero vectors are refused wherever they come from', () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-finite-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a stub encoder returning NaN: a UserError naming the model and the text', async () => {
    const enc = finiteChecked(stubEncoder({ fine: [1, 0], 'bad text': [NaN, 1] }));
    await assert.rejects(enc.encode(['fine', 'bad text'], { role: 'query' }), refused(/model stub produced a non-finite vector/, /query text "bad text"/));
  });

  it('Infinity and all-zero rows are refused too; finite rows pass through unchanged', async () => {
    const enc = finiteChecked(rawEncoder({ ok: [0.6, 0.8], inf: [Infinity, 0], zero: [0, 0] }));
    await assert.rejects(enc.encode(['ok', 'inf']), refused(/broken-model produced a non-finite vector \(Infinity/, /"inf"/));
    await assert.rejects(enc.encode(['zero', 'ok']), refused(/broken-model produced an all-zero vector/, /"zero"/));
    const m = await enc.encode(['ok']);
    assert.deepEqual(Array.from(m.data), [Math.fround(0.6), Math.fround(0.8)]);
  });

  it('openEncoder checks a precomputed table: a zero row at encode time, NaN when the table is read', async () => {
    const npy = path.join(tmp, 'v.npy');
    await writeNpy(npy, Float32Array.from([1, 0, 0, 0]), [2, 2]);
    fs.writeFileSync(path.join(tmp, 'v.txt'), 'good\nempty\n');
    const enc = await openEncoder(`precomputed:${npy}`);
    assert.equal((await enc.encode(['good'])).rows, 1);
    await assert.rejects(enc.encode(['good', 'empty']), refused(/precomputed:.*v\.npy produced an all-zero vector/, /"empty"/));
    const jsonl = path.join(tmp, 'nan.jsonl');
    fs.writeFileSync(jsonl, '{"text": "x", "vector": [1, 0]}\n{"text": "y", "vector": [NaN, 1]}\n');
    await assert.rejects(openEncoder(`precomputed:${jsonl}`).then((e) => e.encode(['x', 'y'])), refused(/non-finite/));
  });

  it('the builtin char-ngram encoder, opened by source, refuses a text without letters or digits', async () => {
    const enc = await openEncoder('builtin:char-ngram');
    assert.equal((await enc.encode(['hello'])).rows, 1);
    await assert.rejects(enc.encode(['hello', '?!']), (e: unknown) => refused(/all-zero vector/, /"\?!"/)(e) && /char-ngram/.test((e as UserError).hint ?? ''));
  });
});
