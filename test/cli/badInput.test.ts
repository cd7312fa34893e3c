import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT, SAMPLE, xlensIn as xlens } from './runCli';

const XQUAD_R = path.join(ROOT, 'test', 'fixtures', 'data', 'xquad-r-mini');

/** Exit 2 and a message with every fragment, and no stack trace. */
function badInput(r: { code: number | null; stderr: string }, ...fragments: string[]): void {
  assert.equal(r.code, 2, r.stderr);
  for (const f of fragments) assert.ok(r.stderr.includes(f), `stderr lacks '${f}':\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
}

describe('xlens CLI: bad paths and bad input exit 2 with a clear message', function () {
  this.timeout(300_000);
  let tmp: string;
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-bad-'));
    fs.mkdirSync(path.join(tmp, 'folder'));
    fs.mkdirSync(path.join(tmp, 'folder.npy'));
    fs.writeFileSync(path.join(tmp, 'file'), 'x\n');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('outputs', () => {
    it('--out naming an existing folder (eval, bitext, metrics, embed), checked before any work', () => {
      badInput(xlens(tmp, 'eval', '--data', SAMPLE, '--langs', 'de', '--out', 'folder'), path.join(tmp, 'folder'), 'is a folder; --out needs a file name');
      badInput(xlens(tmp, 'eval', '--data', SAMPLE, '--langs', 'de', '--md', 'folder'), 'is a folder; --md needs a file name', 'report.md');
      badInput(xlens(tmp, 'bitext', '--data', SAMPLE, '--langs', 'de', '--out', 'folder'), 'is a folder');
      badInput(xlens(tmp, 'embed', '--data', SAMPLE, '--langs', 'de', '--role', 'query', '--out', 'folder.npy'), 'folder.npy: is a folder');
      fs.writeFileSync(path.join(tmp, 'q'), 'q1 0 a 1\n');
      fs.writeFileSync(path.join(tmp, 'r'), 'q1 Q0 a 1 1 t\n');
      badInput(xlens(tmp, 'metrics', '--qrels', 'q', '--run', 'r', '--out', 'folder'), 'is a folder');
    });

    it('a file in the way of the output folder (eval --out file/x.json, train --out file, export --out file)', () => {
      badInput(xlens(tmp, 'eval', '--data', SAMPLE, '--langs', 'de', '--out', 'file/x.json'), 'is a file, not a folder');
      badInput(xlens(tmp, 'train', '--data', SAMPLE, '--langs', 'de', '--out', 'file'), 'is a file; --out needs a folder');
      badInput(xlens(tmp, 'export', '--checkpoint', 'folder', '--out', 'file'), 'is a file; --out needs a folder');
    });

    it('missing parent folders are created, for .npy as for .jsonl', () => {
      for (const out of ['new/a/v.npy', 'new/b/v.jsonl']) {
        const r = xlens(tmp, 'embed', '--data', SAMPLE, '--langs', 'de', '--role', 'query', '--out', out);
        assert.equal(r.code, 0, r.stderr);
        assert.ok(fs.statSync(path.join(tmp, out)).size > 0);
      }
      assert.deepEqual(fs.readdirSync(path.join(tmp, 'new', 'a')).sort(), ['v.npy', 'v.npy.xlens.json', 'v.txt']);
    });
  });

  describe('vector tables', () => {
    it('a folder given as a vector table says it is a folder', () => {
      badInput(xlens(tmp, 'bitext', '--data', SAMPLE, '--langs', 'de', '--model', 'precomputed:folder'), path.join(tmp, 'folder'), 'is a folder, not a vector table');
    });

    it('a .npy whose texts file is not its own is refused, naming both; without the manifest it loads as a plain pair', () => {
      const embed = (out: string, model: string) =>
        xlens(tmp, 'embed', '--data', SAMPLE, '--langs', 'de,en', '--role', 'query', '--model', model, '--out', out);
      assert.equal(embed('v.npy', 'builtin:char-ngram').code, 0);
      const ok = xlens(tmp, 'bitext', '--data', SAMPLE, '--langs', 'de', '--model', 'precomputed:v.npy');
      assert.equal(ok.code, 0, ok.stderr);
      // Regenerate only the vectors (same rows, another model): the row counts still match.
      assert.equal(embed('w.npy', 'builtin:char-ngram?dim=512').code, 0);
      fs.copyFileSync(path.join(tmp, 'w.npy'), path.join(tmp, 'v.npy'));
      const r = xlens(tmp, 'bitext', '--data', SAMPLE, '--langs', 'de', '--model', 'precomputed:v.npy');
      badInput(r, `${path.join(tmp, 'v.npy')} and ${path.join(tmp, 'v.txt')} do not belong together`, 'v.npy differs');
      fs.rmSync(path.join(tmp, 'v.npy.xlens.json'));
      const plain = xlens(tmp, 'bitext', '--data', SAMPLE, '--langs', 'de', '--model', 'precomputed:v.npy');
      assert.equal(plain.code, 0, plain.stderr);
    });
  });

  describe('data', () => {
    it('a header-only CSV or TSV: "has a header but no rows"', () => {
      fs.writeFileSync(path.join(tmp, 'h.csv'), 'id,en,de\n');
      fs.writeFileSync(path.join(tmp, 'h.tsv'), 'id\ten\tde\r\n\r\n');
      badInput(xlens(tmp, 'bitext', '--data', 'h.csv'), 'h.csv:1: the file has a header but no rows');
      badInput(xlens(tmp, 'bitext', '--data', 'h.tsv'), 'h.tsv:1: the file has a header but no rows');
    });

    it('an XQuAD-R answer_start written as a string: what is wrong, at which line', () => {
      const dir = path.join(tmp, 'xqr');
      fs.cpSync(XQUAD_R, dir, { recursive: true });
      const en = path.join(dir, 'en.json');
      fs.writeFileSync(en, fs.readFileSync(en, 'utf8').replace('"answer_start": 47', '"answer_start": "47"'));
      badInput(xlens(tmp, 'eval', '--data', dir, '--format', 'xquad-r', '--scenario', 'mono'), `${en}:21: question 'q2': 'answer_start' must be a number, not a string ("47")`);
    });

    it('a huge line: "line N is longer than 64 MB", not "invalid UTF-8"', () => {
      const f = path.join(tmp, 'huge.jsonl');
      const fd = fs.openSync(f, 'w');
      fs.writeSync(fd, '{"en": "a", "de": "b"}\n{"en": "');
      const block = Buffer.alloc(1 << 20, 'x'.charCodeAt(0));
      for (let i = 0; i < 65; i++) fs.writeSync(fd, block);
      fs.writeSync(fd, '"}\n');
      fs.closeSync(fd);
      badInput(xlens(tmp, 'bitext', '--data', f), 'huge.jsonl:2: line 2 is longer than 64 MB');
      fs.rmSync(f);
    });

    it('a NUL byte: an error naming file and line', () => {
      fs.writeFileSync(path.join(tmp, 'nul.csv'), 'id,en,de\n1,a,b\n2,c\u0000,d\n');
      badInput(xlens(tmp, 'bitext', '--data', 'nul.csv'), 'nul.csv:3: NUL byte');
      fs.writeFileSync(path.join(tmp, 'nul.jsonl'), '{"en": "a", "de": "b"}\n\u0000\n');
      badInput(xlens(tmp, 'bitext', '--data', 'nul.jsonl', '--allow-skips'), 'nul.jsonl:2: NUL byte');
    });

    it('an unterminated quote is reported at the line where it opened', () => {
      fs.writeFileSync(path.join(tmp, 'q.csv'), 'id,en,de\n1,a,b\n2,"c,d\n3,e,f\n4,"g","h"\n5,i,j\n');
      badInput(xlens(tmp, 'bitext', '--data', 'q.csv'), 'q.csv:3: unterminated quoted field?', 'runs to line 5');
      fs.writeFileSync(path.join(tmp, 'q2.csv'), 'id,en,de\n1,a,b\n2,"c,d\n3,e,f\n');
      badInput(xlens(tmp, 'bitext', '--data', 'q2.csv'), 'q2.csv:3: unterminated quoted field');
    });
  });
});
