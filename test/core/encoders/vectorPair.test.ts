import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeNpy } from '../../../src/core/encoders/npy';
import { openPrecomputed } from '../../../src/core/encoders/precomputed';
import { pairManifestPath, writeVectorPair } from '../../../src/core/encoders/vectorPair';
import { UserError } from '../../../src/core/errors';
import { atEveryKillPoint } from '../../support/killPoints';
import { rejectsWith } from '../data/helpers';

/** One-hot rows: text i of `texts` gets unit vector e_(offset+i), so a mixed pair is visible. */
function table(texts: string[], offset: number, dim = 8): Float32Array {
  const v = new Float32Array(texts.length * dim);
  texts.forEach((_, i) => (v[i * dim + ((offset + i) % dim)] = 1));
  return v;
}

describe('encoders/vectorPair: a .npy table and its texts are one unit', () => {
  let dir: string;
  let npy: string;
  const OLD = ['alpha', 'beta', 'gamma'];
  const NEW = ['delta', 'epsilon', 'zeta'];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-pair-'));
    npy = path.join(dir, 'v.npy');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The first component set in the vector of `text`, or the UserError's message. */
  async function lookup(text: string): Promise<number | string> {
    try {
      const enc = await openPrecomputed(npy);
      const m = await enc.encode([text]);
      return m.data.findIndex((x) => x > 0.5);
    } catch (e) {
      if (e instanceof UserError) return e.message;
      throw e;
    }
  }

  it('writes v.npy, v.txt and a manifest that loads back', async () => {
    const texts = await writeVectorPair(npy, table(OLD, 0), 8, OLD);
    assert.equal(texts, path.join(dir, 'v.txt'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['v.npy', 'v.npy.xlens.json', 'v.txt']);
    assert.equal(await lookup('gamma'), 2);
  });

  for (const previous of ['written by xlens embed', 'made elsewhere (no manifest)'])
  it(`a stop at any step of rewriting a pair ${previous} loads the old pair whole or refuses, naming both files; never new vectors with old texts`, async () => {
    const outcomes = new Set<string>();
    const steps = await atEveryKillPoint(
      () => writeVectorPair(npy, table(NEW, 4), 8, NEW),
      async () => {
        for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
        if (previous.startsWith('written')) await writeVectorPair(npy, table(OLD, 0), 8, OLD);
        else {
          fs.writeFileSync(npy, encodeNpy(table(OLD, 0), [3, 8]));
          fs.writeFileSync(path.join(dir, 'v.txt'), OLD.join('\n') + '\n');
        }
      },
      async (at) => {
        const got = await lookup('alpha');
        if (typeof got === 'number') {
          assert.equal(got, 0, `after a stop at ${at.step} of ${path.basename(at.target)}, 'alpha' has another text's vector`);
          assert.equal(await lookup('gamma'), 2);
          outcomes.add('old pair');
        } else if (/missing from the vector table/.test(got)) {
          assert.fail(`after a stop at ${at.step} of ${path.basename(at.target)} the table loaded as the new pair`);
        } else {
          assert.match(got, /v\.npy and .*v\.txt do not belong together/, got);
          assert.ok(got.includes(npy) && got.includes(path.join(dir, 'v.txt')), got);
          outcomes.add('refused');
        }
      },
    );
    // Three files, each written in full before the first rename; renames: manifest, then the pair.
    assert.deepEqual(steps.filter((s) => s.step === 'rename').map((s) => path.basename(s.target)), ['v.npy.xlens.json', 'v.npy', 'v.txt']);
    assert.deepEqual([...outcomes].sort(), ['old pair', 'refused']);
  });

  it('refuses a pair where the user regenerated one file, naming both', async () => {
    await writeVectorPair(npy, table(OLD, 0), 8, OLD);
    fs.writeFileSync(npy, encodeNpy(table(OLD, 3), [3, 8])); // new vectors, same row count
    await rejectsWith(openPrecomputed(npy), `${npy} and ${path.join(dir, 'v.txt')} do not belong together`, 'v.npy differs', 'delete v.npy.xlens.json');
    fs.writeFileSync(path.join(dir, 'v.txt'), 'x\ny\nz\n');
    await rejectsWith(openPrecomputed(npy), 'v.npy and v.txt differ');
  });

  it('checks the texts file given with texts= against the manifest too', async () => {
    await writeVectorPair(npy, table(OLD, 0), 8, OLD);
    fs.writeFileSync(path.join(dir, 'other.txt'), 'a\nb\nc\n');
    await rejectsWith(openPrecomputed(npy, { options: { texts: path.join(dir, 'other.txt') } }), 'do not belong together', 'other.txt differs');
    fs.copyFileSync(path.join(dir, 'v.txt'), path.join(dir, 'same.txt'));
    const enc = await openPrecomputed(npy, { options: { texts: path.join(dir, 'same.txt') } });
    assert.equal(enc.info.dim, 8);
  });

  it('still loads a plain .npy + texts pair made elsewhere (no manifest)', async () => {
    fs.writeFileSync(npy, encodeNpy(table(OLD, 0), [3, 8]));
    fs.writeFileSync(path.join(dir, 'v.txt'), OLD.join('\n') + '\n');
    assert.equal(fs.existsSync(pairManifestPath(npy)), false);
    assert.equal(await lookup('beta'), 1);
  });

  it('refuses a manifest that is not one', async () => {
    await writeVectorPair(npy, table(OLD, 0), 8, OLD);
    fs.writeFileSync(pairManifestPath(npy), '{"hello": 1}');
    await rejectsWith(openPrecomputed(npy), 'v.npy.xlens.json', 'not a vector-pair manifest');
  });
});
