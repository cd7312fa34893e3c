// Runs the extension-host suite (out/test/suite, built by scripts/build-vscode-tests.mjs) in a real
// VS Code through the driver and exits with its code.
import { join } from 'node:path';
import { repoRoot, runExtensionTests } from './driver';

async function main(): Promise<number> {
  const started = Date.now();
  let loadedAt = 0;
  const code = await runExtensionTests({
    extensionTestsPath: join(repoRoot, 'out', 'test', 'suite', 'index'),
    onLog: (line) => {
      console.log(line);
      if (line.includes('[xlens-activation]')) console.log(`[xlens-activation] activated ${Date.now() - loadedAt} ms after the workbench appeared`);
    },
    onLoaded: (t) => (loadedAt = t),
  });
  console.log(`extension-host tests: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
