import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { type Bench, type Figures } from './figures';
import { ROOT } from './paths';

/**
 * `extension.activation_ms`: how long XLens's `activate()` takes inside a real VS Code
 * extension host (code-server), as timed by the extension-host suite around
 * `getExtension('xlens.xlens').activate()`; median of three fresh workbenches.
 */
export const activationBench: Bench = {
  name: 'activation',
  async run(): Promise<Figures> {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-vscode-tests.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the VS Code tests failed: ${build.stderr}`);
    const activate: number[] = [];
    const fromLoad: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'out', 'test', 'runExtensionTests.js')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
      const out = `${r.stdout}\n${r.stderr}`;
      const a = /\[xlens-activation\] activate\(\) took (\d+) ms/.exec(out);
      const l = /\[xlens-activation\] activated (\d+) ms after the workbench appeared/.exec(out);
      if (r.status !== 0 || !a) throw new Error(`extension-host run failed (exit ${r.status}):\n${out.slice(-2000)}`);
      activate.push(Number(a[1]));
      if (l) fromLoad.push(Number(l[1]));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
    return {
      'extension.activation_ms': {
        value: median(activate),
        unit: 'ms',
        better: 'lower',
        note: `activate() in the extension host, median of ${activate.join(', ')} ms; the extension host itself was ready ${fromLoad.length ? median(fromLoad) : '?'} ms after the workbench appeared`,
      },
    };
  },
};
