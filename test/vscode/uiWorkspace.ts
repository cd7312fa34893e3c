// A workspace for UI tests: the bundled XQuAD sample with one hostile question and passage
// (`<img src=x onerror=alert(1)>` must show as text in every panel), and two saved runs made by
// the real CLI (two char-ngram variants, so Compare has a pair).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './driver';

export const XSS = '<img src=x onerror=alert(1)>';

export interface UiWorkspace {
  folder: string;
  data: string;
  runs: { a: string; b: string };
}

interface SquadFile {
  data: Array<{ paragraphs: Array<{ context: string; qas: Array<{ question: string }> }> }>;
}

/** `hostile: false` leaves the sample unchanged (the README pictures, scripts/readme-pictures.ts). */
export function buildUiWorkspace(name = 'ui-workspace', { hostile = true } = {}): UiWorkspace {
  const folder = join(repoRoot, '.cache', name);
  rmSync(folder, { recursive: true, force: true });
  const data = join(folder, 'data', 'xquad-mini');
  mkdirSync(data, { recursive: true });
  cpSync(join(repoRoot, 'samples', 'xquad-mini'), data, { recursive: true });
  for (const lang of hostile ? ['de', 'en'] : []) {
    const file = join(data, `xquad.${lang}.json`);
    const squad = JSON.parse(readFileSync(file, 'utf8')) as SquadFile;
    const p = squad.data[0].paragraphs[0];
    p.qas[0].question = `${XSS} ${p.qas[0].question}`;
    p.context = `${XSS} ${p.context}`;
    writeFileSync(file, JSON.stringify(squad));
  }
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'xlens.defaultModel': 'builtin:char-ngram' }, null, 2));
  const runsDir = join(folder, '.xlens', 'runs');
  mkdirSync(runsDir, { recursive: true });
  const cli = join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first`);
  const run = (model: string, out: string) => {
    const r = spawnSync(process.execPath, [cli, 'eval', '--data', data, '--model', model, '--scenario', 'bilingual', '--per-query', '--out', out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`xlens eval failed: ${r.stderr}`);
  };
  const a = join(runsDir, 'a-char-ngram-2048.json');
  const b = join(runsDir, 'b-char-ngram-512.json');
  run('builtin:char-ngram', a);
  run('builtin:char-ngram?dim=512', b);
  return { folder, data, runs: { a, b } };
}
