import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../../../src/core/errors';
import { writeFileAtomic, writeFilesAtomic } from '../../../src/core/util/atomicWrite';
import { fsError } from '../../../src/core/util/fsErrors';
import { checkOutputPath } from '../../../src/core/util/outputPath';
import { atEveryKillPoint } from '../../support/killPoints';
import { rejectsWith } from '../data/helpers';

describe('util/atomicWrite: the one writer of every output', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-atomic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a stop at any step leaves the previous file whole; only .tmp files stay behind', async () => {
    const file = path.join(dir, 'report.json');
    const steps = await atEveryKillPoint(
      () => writeFileAtomic(file, '{"new": true, "padding": "' + 'x'.repeat(10_000) + '"}\n'),
      () => {
        for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
        fs.writeFileSync(file, '{"old": true}\n');
      },
      (at) => {
        assert.equal(fs.readFileSync(file, 'utf8'), '{"old": true}\n', `after a stop at ${at.step}`);
        for (const f of fs.readdirSync(dir)) assert.ok(f === 'report.json' || f.endsWith('.tmp'), `unexpected ${f} after a stop at ${at.step}`);
      },
    );
    assert.deepEqual(steps.map((s) => s.step), ['mkdir', 'open', 'write', 'write', 'sync', 'rename']);
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.tmp')) fs.rmSync(path.join(dir, f));
    await writeFileAtomic(file, 'new\n');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new\n');
    assert.deepEqual(fs.readdirSync(dir), ['report.json']);
  });

  it('a stop at the second write leaves a half-written temp file, never the target', async () => {
    const file = path.join(dir, 'v.bin');
    let half = '';
    await atEveryKillPoint(
      () => writeFileAtomic(file, Buffer.alloc(1000, 7)),
      () => {
        for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
      },
      (at, i) => {
        assert.equal(fs.existsSync(file), false);
        const tmp = fs.readdirSync(dir).find((f) => f.endsWith('.tmp'));
        if (at.step === 'write' && i === 3) half = String(tmp && fs.statSync(path.join(dir, tmp)).size);
      },
    );
    assert.equal(half, '500');
  });

  it('a failed write (not a kill) removes its temp files', async () => {
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'old');
    fs.mkdirSync(path.join(dir, 'b.txt'));
    await rejectsWith(writeFilesAtomic([{ file, data: 'new' }, { file: path.join(dir, 'b.txt'), data: 'x' }]), 'b.txt', 'is a folder');
    assert.equal(fs.readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.txt', 'b.txt']);
  });

  it('streams chunks (e.g. one JSON line each) in order', async () => {
    const file = path.join(dir, 'rows.jsonl');
    function* rows() {
      for (let i = 0; i < 50_000; i++) yield `{"i":${i}}\n`;
    }
    await writeFileAtomic(file, rows());
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 50_000);
    assert.equal(lines[49_999], '{"i":49999}');
  });

  it('creates missing parent folders (one rule for every writer)', async () => {
    const file = path.join(dir, 'new', 'deeper', 'v.npy');
    await writeFileAtomic(file, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...fs.readFileSync(file)], [1, 2, 3]);
  });

  it('refuses a folder as the target and a file in the way of the parent, naming the path', async () => {
    fs.mkdirSync(path.join(dir, 'out'));
    await rejectsWith(writeFileAtomic(path.join(dir, 'out'), 'x'), path.join(dir, 'out'), 'is a folder');
    fs.writeFileSync(path.join(dir, 'f'), 'x');
    await rejectsWith(writeFileAtomic(path.join(dir, 'f', 'r.json'), 'x'), 'r.json', 'is a file, not a folder');
    assert.equal(fs.readFileSync(path.join(dir, 'f'), 'utf8'), 'x');
  });

  it('checkOutputPath: files and folders, before any work', () => {
    fs.mkdirSync(path.join(dir, 'ck'));
    fs.writeFileSync(path.join(dir, 'f'), 'x');
    assert.equal(checkOutputPath(path.join(dir, 'a', 'b.json'), 'file'), path.join(dir, 'a', 'b.json'));
    assert.equal(checkOutputPath(path.join(dir, 'ck'), 'folder'), path.join(dir, 'ck'));
    assert.throws(() => checkOutputPath(path.join(dir, 'ck'), 'file', '--out', 'report.md'), (e: unknown) => e instanceof UserError && /--out needs a file name/.test(e.message) && /report\.md/.test(e.message));
    assert.throws(() => checkOutputPath(path.join(dir, 'f'), 'folder', '--out'), /is a file; --out needs a folder/);
    assert.throws(() => checkOutputPath(path.join(dir, 'f', 'x', 'y'), 'file'), /is a file, not a folder/);
  });

  it('maps the file-system errors a user can cause to UserErrors; others stay bugs', () => {
    for (const [code, text] of [['EACCES', 'permission denied'], ['ENOSPC', 'no space left'], ['EROFS', 'read-only'], ['EISDIR', 'is a folder'], ['ENOTDIR', 'is a file']]) {
      const e = fsError(Object.assign(new Error('x'), { code }), '/p/f');
      assert.ok(e instanceof UserError && e.message.startsWith('/p/f: ') && e.message.includes(text), `${code}: ${e.message}`);
    }
    const bug = new TypeError('bug');
    assert.equal(fsError(bug, '/p/f'), bug);
  });
});
