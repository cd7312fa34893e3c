// Builds the optional native scoring kernel (native/*.cc) into dist/native/xlens_gemm.node with
// the machine's C++ compiler and Node's own Node-API headers (ABI-stable: the same file loads in
// Node and in VS Code's Electron). Without a compiler or headers it says so and exits 0: searches
// then run on onnxruntime (src/core/retrieval/nativeScorer.ts falls back), unless
// XLENS_REQUIRE_NATIVE=1 (CI) makes that an error. Up to date when newer than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'native', 'xlens_gemm.node');
const sources = readdirSync(join(root, 'native')).filter((f) => /\.(cc|h)$/.test(f)).map((f) => join(root, 'native', f));
const required = process.env.XLENS_REQUIRE_NATIVE === '1';

function skip(why) {
  if (required) {
    console.error(`build-native: ${why} (XLENS_REQUIRE_NATIVE=1)`);
    process.exit(1);
  }
  console.warn(`build-native: ${why}; the native kernel is not built, searches use onnxruntime`);
  process.exit(0);
}

if (process.platform !== 'linux' || process.arch !== 'x64') skip(`no native kernel for ${process.platform}-${process.arch}`);
if (existsSync(out) && sources.every((s) => statSync(s).mtimeMs < statSync(out).mtimeMs)) process.exit(0);

// Node's headers: beside the running node (/usr/bin/node -> /usr/include/node), or npm's nodedir.
const candidates = [join(dirname(process.execPath), '..', 'include', 'node'), process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node')].filter(Boolean);
const include = candidates.find((d) => existsSync(join(d, 'node_api.h')));
if (!include) skip(`Node-API headers not found (looked in ${candidates.join(', ')})`);
const cxx = process.env.CXX || 'g++';
mkdirSync(dirname(out), { recursive: true });
const args = [
  '-O3', '-std=c++20', '-fPIC', '-shared', '-march=x86-64', '-fvisibility=hidden', '-pthread',
  // libstdc++ inside the addon: it then loads in any Electron whatever the system's C++ runtime.
  '-static-libstdc++', '-static-libgcc',
  '-I', include,
  ...sources.filter((s) => s.endsWith('.cc')),
  '-o', out,
];
try {
  execFileSync(cxx, args, { stdio: 'inherit' });
} catch (e) {
  skip(`${cxx} failed (${e.message.split('\n')[0]})`);
}
