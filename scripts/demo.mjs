// `npm run demo`: the main job on the embedded default. Builds, then evaluates English
// inclination (bilingual scenario) of the built-in char-ngram encoder on XQuAD from
// ../shared/data when present, else on the bundled six-language sample.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '..', 'shared', 'data', 'xquad');
const data = existsSync(shared) ? shared : path.join(root, 'samples', 'xquad-mini');
const args = [
  path.join(root, 'dist', 'cli.js'), 'eval',
  '--data', data,
  '--model', 'builtin:char-ngram',
  '--scenario', 'bilingual',
  '--out', path.join(root, '.xlens', 'runs', 'demo-bilingual.json'),
  '--md', path.join(root, '.xlens', 'runs', 'demo-bilingual.md'),
];
console.error(`xlens ${args.slice(1).join(' ')}`);
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
