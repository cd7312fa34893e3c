// Bundles the VS Code tests: test/vscode/suite/*.ts → out/test/suite/*.js and suite/untrusted/*.ts →
// out/test/suite/untrusted/*.js (loaded by the extension host; `vscode` is provided by it, mocha is loaded from node_modules) and the driver/runner → out/test/*.js.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const suiteDir = join(root, 'test', 'vscode', 'suite');
// Restricted Mode suite: its own mocha entry, run in a second, untrusted session.
const untrustedDir = join(suiteDir, 'untrusted');
const suiteBuild = (dir, out) => ({
  ...common,
  entryPoints: readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)),
  outdir: out,
  // mocha stays in node_modules; its main is an ES module wrapper, so require its CJS build.
  alias: { mocha: 'mocha/lib/mocha.cjs' },
  external: ['vscode', 'mocha/lib/mocha.cjs'],
});
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  esbuild.build(suiteBuild(suiteDir, join(root, 'out', 'test', 'suite'))),
  esbuild.build(suiteBuild(untrustedDir, join(root, 'out', 'test', 'suite', 'untrusted'))),
  esbuild.build({
    ...common,
    entryPoints: ['driver.ts', 'runExtensionTests.ts'].map((f) => join(root, 'test', 'vscode', f)),
    outdir: join(root, 'out', 'test'),
    external: ['playwright-core'],
  }),
]);
console.log('built out/test/suite/*.js, out/test/suite/untrusted/*.js, out/test/driver.js, out/test/runExtensionTests.js');
