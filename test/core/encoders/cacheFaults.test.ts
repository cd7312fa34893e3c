import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedEncoder } from '../../../src/core/encoders/cache/cachedEncoder';
import { listSegments } from '../../../src/core/encoders/cache/segments';
import { atEveryKillPoint } from '../../support/killPoints';
import { stubEncoder } from '../../support/stubEncoder';

/** 80 texts with distinct known unit vectors (dim 4 is enough: the check is exact equality). */
const TEXTS = Array.from({ length: 80 }, (_, i) => `text ${i}`);
const VECTORS: Record<string, number[]> = Object.fromEntries(TEXTS.map((t, i) => [t, [1, i, i % 7, -i]]));

describe('encoders/cache: a stopped write never loses or corrupts cached vectors', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-cachefault-'));
    dir = path.join(root, 'stub');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const expected = async (texts: string[]) => Array.from((await stubEncoder(VECTORS).encode(texts)).data);

  /** A fresh cached encoder over the folder: how many texts it served from disk, and whether the vectors are right. */
  async function reopen(texts: string[]): Promise<{ hits: number; encoded: number }> {
    const enc = cachedEncoder(stubEncoder(VECTORS), { dir: root });
    const m = await enc.encode(texts);
    assert.deepEqual(Array.from(m.data), await expected(texts), 'the cache served a wrong vector');
    const s = enc.stats();
    return { hits: s.cacheHits, encoded: s.encoded };
  }

  it('a batch stopped at any step: the earlier batches stay served, the stopped one is encoded again', async () => {
    const first = TEXTS.slice(0, 10);
    const second = TEXTS.slice(10, 20);
    const steps = await atEveryKillPoint(
      () => cachedEncoder(stubEncoder(VECTORS), { dir: root }).encode([...first, ...second]),
      async () => {
        fs.rmSync(dir, { recursive: true, force: true });
        await cachedEncoder(stubEncoder(VECTORS), { dir: root }).encode(first);
      },
      async (at) => {
        for (const seg of listSegments(dir)) assert.ok(seg.endsWith('.seg'));
        if (at.step !== 'mkdir' && at.step !== 'open') assert.ok(fs.readdirSync(dir).some((f) => f.endsWith('.tmp')), `a stop at ${at.step} leaves its temp file`);
        assert.deepEqual(await reopen([...first, ...second]), { hits: 10, encoded: 10 }, `after a stop at ${at.step}`);
      },
    );
    assert.ok(steps.some((s) => s.step === 'rename' && s.target.endsWith('.seg')));
  });

  it('the first write of a folder (meta.json) stopped at any step: the next run starts clean', async () => {
    await atEveryKillPoint(
      () => cachedEncoder(stubEncoder(VECTORS), { dir: root }).encode(TEXTS.slice(0, 5)),
      () => fs.rmSync(root, { recursive: true, force: true }),
      async (at) => {
        const r = await reopen(TEXTS.slice(0, 5));
        assert.equal(r.hits + r.encoded, 5, `after a stop at ${at.step}`);
        assert.deepEqual(await reopen(TEXTS.slice(0, 5)), { hits: 5, encoded: 0 });
        fs.rmSync(root, { recursive: true, force: true });
      },
    );
  });

  it('compaction stopped at any step keeps every vector (the old segments go only after the new one is whole)', async () => {
    const saved = path.join(root, 'saved');
    const steps = await atEveryKillPoint(
      // Opening a folder with more than 64 segments compacts it into one.
      () => cachedEncoder(stubEncoder(VECTORS), { dir: root }).encode([TEXTS[0]]),
      async () => {
        fs.rmSync(dir, { recursive: true, force: true });
        if (!fs.existsSync(saved)) {
          for (let i = 0; i < 65; i++) await cachedEncoder(stubEncoder(VECTORS), { dir: root }).encode([TEXTS[i]]);
          fs.cpSync(dir, saved, { recursive: true });
        } else fs.cpSync(saved, dir, { recursive: true });
        assert.equal(listSegments(dir).length, 65);
      },
      async (at) => {
        assert.deepEqual(await reopen(TEXTS.slice(0, 65)), { hits: 65, encoded: 0 }, `after a stop at ${at.step}`);
      },
    );
    assert.ok(steps.some((s) => s.step === 'rename'), 'compaction wrote a segment');
  });
});
