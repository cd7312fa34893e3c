// `npm run package [-- linux-x64]`: a platform-specific .vsix (default: this machine's platform).
// esbuild leaves onnxruntime-node and transformers.js external, so their files ship in
// node_modules; onnxruntime-node carries binaries for every OS (~290 MB), so each package keeps
// only its own platform's folder.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const target = process.argv[2] ?? `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;
const [os, arch] = target.split('-');
const platforms = { linux: ['x64', 'arm64'], darwin: ['x64', 'arm64'], win32: ['x64', 'arm64'] };
if (!platforms[os]?.includes(arch)) throw new Error(`unknown target ${target} (linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64, win32-arm64)`);

const excludes = Object.entries(platforms).flatMap(([o, archs]) =>
  archs.filter((a) => !(o === os && a === arch)).map((a) => `node_modules/onnxruntime-node/bin/napi-v*/${o}/${a}/**`),
);
const ignoreFile = join('.cache', `vscodeignore-${target}`);
mkdirSync('.cache', { recursive: true });
// The native scoring kernel is built for this machine only (scripts/build-native.mjs): it ships
// in a linux-x64 package; elsewhere searches use onnxruntime.
if (target !== 'linux-x64') excludes.push('dist/native/**');
writeFileSync(ignoreFile, `${readFileSync('.vscodeignore', 'utf8')}\n# other platforms' binaries\n${excludes.join('\n')}\n`);

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (target === 'linux-x64') run(process.execPath, ['scripts/build-native.mjs']);
run(process.execPath, ['scripts/build.mjs', '--production']);
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
// vsce's own entry point, not `npx vsce`: a nested npm would repeat its config warnings.
const vsce = join('node_modules', '@vscode', 'vsce', 'vsce');
run(process.execPath, [vsce, 'package', '--target', target, '--ignoreFile', ignoreFile, '-o', `xlens-${target}-${version}.vsix`]);
