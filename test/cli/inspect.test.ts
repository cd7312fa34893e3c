import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireSharedData } from '../support/sharedData';
import { writeSibExcerpt, type Planted } from '../core/data/inspect/fixture';
import { xlens } from './runCli';

describe('xlens inspect', function () {
  let dir = '';
  let planted: Planted;
  before(function () {
    ({ dir, planted } = writeSibExcerpt(requireSharedData(this, 'flores200-sib')));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('prints every flag with file and line as JSON', () => {
    const r = xlens('inspect', dir, '--split', 'dev', '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { summary: { rows: number; tokenizer: { kind: string } }; languageCheck: { totals: { notChecked: number } }; flags: Array<{ kind: string; lang: string; file: string; line: number }> };
    assert.equal(out.summary.rows, 40);
    assert.equal(out.summary.tokenizer.kind, 'none');
    assert.equal(out.languageCheck.totals.notChecked, 40);
    const de = path.join(dir, 'deu_Latn', 'dev.tsv');
    assert.ok(out.flags.some((f) => f.kind === 'language' && f.lang === 'de' && f.file === de && f.line === planted.mislabelled));
    assert.ok(out.flags.some((f) => f.kind === 'duplicate' && f.file === de && f.line === planted.duplicate));
  });

  it('prints a table per language, and names a missing dataset (exit 2)', () => {
    const r = xlens('inspect', dir, '--split', 'dev', '--no-language-check');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^lang\s+texts\s+missing/m);
    assert.match(r.stdout, /language check: not run/);
    const bad = xlens('inspect', path.join(dir, 'nope'));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^xlens inspect: .*nope/m);
  });
});
