import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runEmbed } from '../../src/cli/commands/embed';
import { runEval } from '../../src/cli/commands/eval';
import type { CommandContext } from '../../src/cli/context';
import { openPrecomputed } from '../../src/core/encoders/precomputed';
import { UserError } from '../../src/core/errors';
import { atEveryKillPoint } from '../support/killPoints';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'xquad-mini');

/** The commands run in this process, so the test can stop their writes at each step. */
function quietContext(cwd: string): CommandContext {
  const none = () => undefined;
  return { cwd, signal: new AbortController().signal, out: none, err: none, progress: none, doneProgress: none, reportSkips: none };
}

describe('CLI outputs stopped at every write step', function () {
  this.timeout(300_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-clifault-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('eval --out/--md: each report is the previous one or a complete new one', async () => {
    const out = path.join(dir, 'r.json');
    const md = path.join(dir, 'r.md');
    const evalArgs = ['--data', SAMPLE, '--langs', 'de', '--scenario', 'mono', '--out', out, '--md', md];
    const steps = await atEveryKillPoint(
      () => runEval(evalArgs, quietContext(dir)),
      () => {
        fs.writeFileSync(out, 'previous json\n');
        fs.writeFileSync(md, 'previous md\n');
      },
      (at) => {
        const json = fs.readFileSync(out, 'utf8');
        if (json !== 'previous json\n') assert.equal(JSON.parse(json).tool, 'xlens', `after a stop at ${at.step}`);
        const text = fs.readFileSync(md, 'utf8');
        if (text !== 'previous md\n') assert.match(text, /## Definitions/);
        // The Markdown report is written after the JSON: a stop during it leaves the JSON complete.
        if (at.target === md) assert.notEqual(json, 'previous json\n');
        else assert.equal(text, 'previous md\n');
      },
    );
    assert.deepEqual([...new Set(steps.map((s) => path.basename(s.target)))], ['r.json', 'r.md']);
  });

  it('embed --out v.jsonl: the previous table, whole', async () => {
    const out = path.join(dir, 'v.jsonl');
    await atEveryKillPoint(
      () => runEmbed(['--data', SAMPLE, '--langs', 'de', '--role', 'query', '--out', out], quietContext(dir)),
      () => fs.writeFileSync(out, '{"text": "previous", "vector": [1, 0]}\n'),
      async (at) => {
        assert.equal(fs.readFileSync(out, 'utf8'), '{"text": "previous", "vector": [1, 0]}\n', `after a stop at ${at.step}`);
        const enc = await openPrecomputed(out);
        assert.equal(enc.info.dim, 2);
      },
    );
  });

  it('embed --out v.npy: the previous pair loads, or the pair is refused; never new vectors beside old texts', async () => {
    const out = path.join(dir, 'v.npy');
    const saved = path.join(dir, 'saved');
    const seen = new Set<string>();
    await atEveryKillPoint(
      () => runEmbed(['--data', SAMPLE, '--langs', 'de', '--role', 'query', '--out', out], quietContext(dir)),
      async () => {
        if (!fs.existsSync(saved)) {
          await runEmbed(['--data', SAMPLE, '--langs', 'es', '--role', 'query', '--out', out], quietContext(dir));
          fs.mkdirSync(saved);
          for (const f of ['v.npy', 'v.txt', 'v.npy.xlens.json']) fs.copyFileSync(path.join(dir, f), path.join(saved, f));
        } else {
          for (const f of fs.readdirSync(dir)) if (f.endsWith('.tmp')) fs.rmSync(path.join(dir, f));
          for (const f of ['v.npy', 'v.txt', 'v.npy.xlens.json']) fs.copyFileSync(path.join(saved, f), path.join(dir, f));
        }
      },
      async (at) => {
        try {
          const enc = await openPrecomputed(out);
          // The Spanish questions: the previous pair, whole (the German run has 77 rows).
          assert.equal(enc.info.settings.rows, 78, `after a stop at ${at.step} of ${path.basename(at.target)}`);
          for (const f of ['v.npy', 'v.txt']) assert.deepEqual(fs.readFileSync(path.join(dir, f)), fs.readFileSync(path.join(saved, f)));
          seen.add('previous');
        } catch (e) {
          assert.ok(e instanceof UserError && /do not belong together/.test(e.message), String(e));
          seen.add('refused');
        }
      },
    );
    assert.deepEqual([...seen].sort(), ['previous', 'refused']);
  });
});
