import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../../../../src/core/data/load';
import { checkLanguages } from '../../../../src/core/data/inspect/languageCheck';
import { ELD_VERSION, eldIdentifier } from '../../../../src/core/data/inspect/languageId';
import { addLanguageCheck, inspectCorpus } from '../../../../src/core/data/inspect/inspect';
import { rowPage } from '../../../../src/core/data/inspect/rowPage';
import { countAllTokens, openModelTokenizer } from '../../../../src/core/encoders/modelTokenizer';
import { requireSharedData } from '../../../support/sharedData';
import { E5_SHAPE_DIR } from '../../../support/testModels';
import { LANGS, ROWS, e5TokenizerFolder, writeSibExcerpt, type Planted } from './fixture';

const noTokenizer = { info: { kind: 'none' as const, model: 'builtin:char-ngram', reason: 'no tokenizer' } };

describe('corpus inspector (SIB-200 excerpt with planted problems)', function () {
  let dir = '';
  let planted: Planted;
  before(function () {
    ({ dir, planted } = writeSibExcerpt(requireSharedData(this, 'flores200-sib')));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  const flagsAt = (ins: Awaited<ReturnType<typeof inspectCorpus>>, lang: string, line: number) =>
    ins.issues.filter((i) => ins.table.units[i.unit].lang === lang && ins.table.units[i.unit].source?.line === line).map((i) => i.kind);

  it('aligns rows across languages and counts lengths per language', async () => {
    const ins = await inspectCorpus(await loadCorpus(dir, { allowSkips: true, split: 'dev' }), { tokens: noTokenizer });
    assert.deepEqual(ins.table.languages, ['ace-Arab', 'de', 'en', 'fr']);
    assert.equal(ins.summary.rows, ROWS);
    assert.equal(ins.summary.units, ROWS * LANGS.length);
    const en = ins.summary.perLanguage.find((s) => s.code === 'en')!;
    assert.equal(en.units, ROWS);
    assert.equal(en.missing, 0);
    // Real FLORES sentences: about 20 words and 130 characters on average.
    assert.ok(en.words!.mean > 12 && en.words!.mean < 35, `mean words ${en.words!.mean}`);
    assert.ok(en.chars!.median > 60 && en.chars!.p95 <= en.chars!.max);
    assert.equal(en.tokens, undefined, 'no tokenizer: no token figures');
    assert.equal(ins.summary.reference, 'en');
    // Every row keeps where each text came from: file and line.
    const row = ins.table.rows[0];
    const de = ins.table.units[row.cells[ins.table.languages.indexOf('de')]];
    assert.equal(de.source?.file, path.join(dir, 'deu_Latn', 'dev.tsv'));
    assert.equal(de.source?.line, 2);
  });

  it('flags the planted duplicate, non-text row, copy and length ratio, and nothing in clean English', async () => {
    const ins = await inspectCorpus(await loadCorpus(dir, { allowSkips: true, split: 'dev' }), { tokens: noTokenizer });
    assert.deepEqual(flagsAt(ins, 'de', planted.duplicate), ['duplicate']);
    assert.match(ins.issues.find((i) => i.kind === 'duplicate')!.detail, new RegExp(`dev.tsv:${planted.duplicateOf}\\)`));
    assert.deepEqual(flagsAt(ins, 'de', planted.nonText), ['nonText']);
    assert.deepEqual(flagsAt(ins, 'fr', planted.copy), ['copy']);
    assert.deepEqual(flagsAt(ins, 'de', planted.lengthRatio), ['lengthRatio']);
    assert.equal(ins.summary.issues.duplicate, 1);
    assert.equal(ins.summary.issues.copy, 1);
    assert.equal(ins.summary.perLanguage.find((s) => s.code === 'en')!.issues.lengthRatio, undefined);
    // The real data has no other duplicates or copies; length-ratio flags stay rare.
    assert.ok(ins.summary.issues.lengthRatio <= 3, `length-ratio flags: ${ins.summary.issues.lengthRatio}`);
  });

  it('flags the French sentence labelled German and counts Acehnese (Arabic script) as not checked', async () => {
    const ins = await inspectCorpus(await loadCorpus(dir, { allowSkips: true, split: 'dev' }), { tokens: noTokenizer });
    const check = await checkLanguages(ins.table, await eldIdentifier());
    addLanguageCheck(ins, check);
    const flagged = check.issues.map((i) => ins.table.units[i.unit]);
    assert.ok(flagged.some((u) => u.lang === 'de' && u.source?.line === planted.mislabelled), 'the planted row is flagged');
    assert.match(check.issues.find((i) => ins.table.units[i.unit].source?.line === planted.mislabelled)!.detail, /declared de, detected fr \(confidence \d\.\d\d\)/);
    // The real sentences agree: at most one other flag among 120 checked texts.
    assert.ok(check.summary.totals.flagged <= 2, `flags: ${check.summary.totals.flagged}`);
    const ace = check.summary.perLanguage.find((s) => s.code === 'ace-Arab')!;
    assert.deepEqual([ace.supported, ace.notChecked, ace.flagged, ace.agree], [false, ROWS, 0, 0]);
    assert.equal(check.summary.totals.notChecked, ROWS);
    assert.equal(check.summary.totals.checked, ROWS * 3);
    assert.ok(check.summary.totals.agree >= ROWS * 3 - 6);
    assert.equal(check.summary.perLanguage.find((s) => s.code === 'de')!.detected.fr, 1);
    assert.equal(ins.summary.issues.language, check.summary.totals.flagged);
    // The flagged view lists the row with its source line, for "open at its line".
    const page = rowPage(ins, 'language', 0, 10, ['en', 'de']);
    const de = page.rows.map((r) => r.cells[1]).find((c) => c?.issues.some((i) => i.kind === 'language'));
    assert.equal(de?.line, planted.mislabelled);
    assert.equal(de?.file, path.join(dir, 'deu_Latn', 'dev.tsv'));
  });

  it('pages rows of a view with only the requested languages', async () => {
    const ins = await inspectCorpus(await loadCorpus(dir, { allowSkips: true, split: 'dev' }), { tokens: noTokenizer });
    const all = rowPage(ins, 'all', 35, 10, ['fr', 'xx']);
    assert.equal(all.total, ROWS);
    assert.deepEqual(all.rows.map((r) => r.row), [35, 36, 37, 38, 39]);
    assert.equal(all.rows[0].cells.length, 2);
    assert.equal(all.rows[0].cells[1], null, 'an unknown language gives empty cells');
    const flagged = rowPage(ins, 'flagged', 0, 100, ['de']);
    assert.equal(flagged.total, ins.summary.flaggedRows);
    assert.ok(flagged.rows.every((r, i) => i === 0 || r.row > flagged.rows[i - 1].row));
  });

  it("counts tokens under multilingual-e5-small's real tokenizer and the share past its 512 limit", async function () {
    if (!fs.existsSync(path.join(E5_SHAPE_DIR, 'tokenizer.json.gz'))) this.skip();
    const tok = await openModelTokenizer(e5TokenizerFolder());
    assert.equal(tok.kind, 'model');
    if (tok.kind !== 'model') return;
    assert.equal(tok.counter.maxLength, 512);
    // <s> ▁Hello ▁world </s>
    assert.equal(tok.counter.count('Hello world'), 4);
    const corpus = await loadCorpus(dir, { allowSkips: true, split: 'dev' });
    // One German text made longer than 512 tokens.
    const de = corpus.kind === 'parallel' ? corpus.sets[0].sentences.find((s) => s.lang === 'de')! : undefined;
    de!.text = Array(60).fill(de!.text).join(' ');
    const ins = await inspectCorpus(corpus, { tokens: { info: { kind: 'model', model: 'e5', maxLength: 512 }, countAll: tok.counter.countAll } });
    const s = ins.summary.perLanguage.find((x) => x.code === 'de')!;
    assert.equal(s.truncated, 1);
    assert.ok(s.tokens!.max > 512 && s.tokens!.median > 15 && s.tokens!.median < 80, JSON.stringify(s.tokens));
    assert.equal(ins.summary.perLanguage.find((x) => x.code === 'en')!.truncated, 0);
  });

  it('counts tokens word by word exactly as whole texts under the e5 tokenizer, and falls back when they differ', async function () {
    if (!fs.existsSync(path.join(E5_SHAPE_DIR, 'tokenizer.json.gz'))) this.skip();
    const tok = await openModelTokenizer(e5TokenizerFolder());
    if (tok.kind !== 'model') return assert.fail('no tokenizer');
    const texts: string[] = [];
    for (const lang of ['eng_Latn', 'deu_Latn', 'zho_Hans', 'tha_Thai', 'arb_Arab', 'hin_Deva']) {
      const file = path.join(requireSharedData(this, 'flores200-sib'), lang, 'dev.tsv');
      texts.push(...fs.readFileSync(file, 'utf8').split('\n').slice(1, 61).map((l) => l.split('\t')[2] ?? ''));
    }
    texts.push('  two  spaces\u00a0and nbsp\tand tab ', 'ＦＵＬＬ　ＷＩＤＴＨ', '', 'x');
    const r = await tok.counter.countAll(texts);
    assert.match(r.method, /^word by word/);
    assert.deepEqual([...r.counts], texts.map((t) => tok.counter.count(t)));
    // A tokenizer whose count depends on the space before a word (as byte-level BPE's): whole texts.
    const whole = (t: string) => t.length + 2;
    const fallback = await countAllTokens(['ab cd', 'e f'], whole, (t) => t.length);
    assert.match(fallback.method, /^whole texts/);
    assert.deepEqual([...fallback.counts], [7, 5]);
  });

  it('uses the shipped default model (Xenova/multilingual-e5-small) once it is in the cache, and says so when it is not', async function () {
    if (!fs.existsSync(path.join(E5_SHAPE_DIR, 'tokenizer.json.gz'))) this.skip();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-cache-'));
    try {
      const before = await openModelTokenizer('Xenova/multilingual-e5-small', { cacheDir });
      assert.equal(before.kind, 'none');
      assert.match(before.kind === 'none' ? before.reason : '', /not downloaded yet/);
      const dir = path.join(cacheDir, 'models', 'Xenova', 'multilingual-e5-small');
      fs.mkdirSync(dir, { recursive: true });
      for (const f of ['config.json', 'tokenizer_config.json', 'tokenizer.json']) fs.symlinkSync(path.join(e5TokenizerFolder(), f), path.join(dir, f));
      const after = await openModelTokenizer('Xenova/multilingual-e5-small', { cacheDir });
      assert.equal(after.kind === 'model' ? after.counter.maxLength : 0, 512);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('names the eld version that is installed', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'node_modules', 'eld', 'package.json'), 'utf8')) as { version: string };
    assert.equal(ELD_VERSION, pkg.version);
  });

  it('says why the built-in char-ngram encoder has no tokenizer', async () => {
    const tok = await openModelTokenizer('builtin:char-ngram');
    assert.equal(tok.kind, 'none');
    assert.match(tok.kind === 'none' ? tok.reason : '', /char-ngram encoder has no tokenizer/);
  });
});
