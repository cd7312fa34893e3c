// One esbuild configuration for every bundle: the CLI, the extension host, its workers and the
// benchmark runner. Native and heavy packages stay external: onnxruntime-node ships .node
// binaries that must be loaded from node_modules, and transformers.js loads it itself.
import * as esbuild from 'esbuild';
import { readFileSync, existsSync, readdirSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode', 'onnxruntime-node', '@huggingface/transformers', 'sharp'],
  define: { __XLENS_VERSION__: JSON.stringify(pkg.version) },
};

const entries = [
  { in: 'src/cli/index.ts', out: 'cli' }, // keeps the entry's shebang
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/workers/engineWorker.ts', out: 'engineWorker' },
  { in: 'src/core/training/worker.ts', out: 'trainWorker' },
  { in: 'bench/index.ts', out: 'bench' },
].filter((e) => existsSync(e.in));

// Webview panels: one browser bundle per `webview/<panel>/main.ts`, loaded under the panel's CSP.
const panels = existsSync('webview')
  ? readdirSync('webview', { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(`webview/${d.name}/main.ts`)).map((d) => d.name)
  : [];

const contexts = await Promise.all([
  ...entries.map((e) =>
    esbuild.context({
      ...common,
      entryPoints: { [e.out]: e.in },
      outdir: 'dist',
    }),
  ),
  ...panels.map((name) =>
    esbuild.context({
      bundle: true,
      platform: 'browser',
      target: 'chrome120',
      format: 'iife',
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
      entryPoints: { [name]: `webview/${name}/main.ts` },
      outdir: 'dist/webview',
    }),
  ),
]);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${entries.length} bundles`);
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  console.log(`built ${[...entries.map((e) => `dist/${e.out}.js`), ...panels.map((p) => `dist/webview/${p}.js`)].join(', ')}`);
}
