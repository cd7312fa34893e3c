import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { E5_SHAPE_DIR } from '../../../support/testModels';

/** Languages of the SIB-200 excerpt: three eld knows and one it does not (Acehnese in Arabic script). */
export const LANGS = ['eng_Latn', 'deu_Latn', 'fra_Latn', 'ace_Arab'];
export const ROWS = 40;

export interface Planted {
  /** 1-based data line (header is line 1) of each planted German row in dev.tsv. */
  mislabelled: number;
  duplicate: number;
  duplicateOf: number;
  nonText: number;
  /** fra_Latn row that copies English. */
  copy: number;
  lengthRatio: number;
}

/**
 * A SIB-200 folder cut from ../shared/data (the first ROWS rows of dev.tsv per language; one
 * split), with planted problems in German and French: a French sentence labelled German, a
 * duplicate, a row of digits, an untranslated English copy and a truncated translation.
 */
export function writeSibExcerpt(source: string): { dir: string; planted: Planted } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-inspect-'));
  const read = (lang: string) => fs.readFileSync(path.join(source, lang, 'dev.tsv'), 'utf8').split('\n').slice(0, ROWS + 1);
  const planted: Planted = { mislabelled: 6, duplicate: 9, duplicateOf: 4, nonText: 12, copy: 15, lengthRatio: 20 };
  const en = read('eng_Latn');
  const fr = read('fra_Latn');
  const set = (lines: string[], line: number, text: string) => {
    const f = lines[line - 1].split('\t');
    f[2] = text;
    lines[line - 1] = f.join('\t');
  };
  const textOf = (lines: string[], line: number) => lines[line - 1].split('\t')[2];
  for (const lang of LANGS) {
    const lines = read(lang);
    if (lang === 'deu_Latn') {
      set(lines, planted.mislabelled, textOf(fr, planted.mislabelled));
      set(lines, planted.duplicate, `  ${textOf(lines, planted.duplicateOf).toUpperCase()} `);
      set(lines, planted.nonText, '12.04.2019 – 17:30 (+3)');
      set(lines, planted.lengthRatio, textOf(lines, planted.lengthRatio).split(' ').slice(0, 3).join(' '));
    }
    if (lang === 'fra_Latn') set(lines, planted.copy, textOf(en, planted.copy));
    fs.mkdirSync(path.join(dir, lang));
    fs.writeFileSync(path.join(dir, lang, 'dev.tsv'), lines.join('\n') + '\n');
  }
  return { dir, planted };
}

/** A folder with the real multilingual-e5-small tokenizer (tokenizer.json un-gzipped) and config. */
export function e5TokenizerFolder(): string {
  const dir = path.join(os.tmpdir(), 'xlens-e5-tokenizer');
  if (!fs.existsSync(path.join(dir, 'tokenizer.json'))) {
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ['config.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(E5_SHAPE_DIR, f), path.join(dir, f));
    const tmp = path.join(dir, `tokenizer.json.${process.pid}`);
    fs.writeFileSync(tmp, gunzipSync(fs.readFileSync(path.join(E5_SHAPE_DIR, 'tokenizer.json.gz'))));
    fs.renameSync(tmp, path.join(dir, 'tokenizer.json'));
  }
  return dir;
}
