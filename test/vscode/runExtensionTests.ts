// Runs the extension-host suites (built by scripts/build-vscode-tests.mjs) in a real VS Code
// through the driver and exits with the first failing code: out/test/suite in a trusted
// workspace, then out/test/suite/untrusted in VS Code's Restricted Mode.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyModel } from '../support/testModels';
import { repoRoot, runExtensionTests } from './driver';

/** The hub id the Restricted Mode suite finds in its model cache (see suite/untrusted/). */
const CACHED_HUB_ID = 'xlens-test/tiny-bert';

/** A model cache holding CACHED_HUB_ID as a completed hub download (no network needed). */
function hubCache(): string {
  const cache = mkdtempSync(join(tmpdir(), 'xlens-hub-cache-'));
  const dir = join(cache, 'models', ...CACHED_HUB_ID.split('/'));
  mkdirSync(join(dir, '..'), { recursive: true });
  cpSync(tinyModel({ seed: 11 }).dir, dir, { recursive: true });
  writeFileSync(join(dir, 'xlens-download.json'), JSON.stringify({ id: CACHED_HUB_ID, revision: 'main', host: 'https://huggingface.co/', dtypes: ['fp32'], sentenceTransformers: ['modules.json'] }));
  return cache;
}

async function suite(name: string, restricted: boolean, settings: Record<string, unknown> = {}): Promise<number> {
  const started = Date.now();
  let loadedAt = 0;
  const code = await runExtensionTests({
    extensionTestsPath: join(repoRoot, 'out', 'test', 'suite', ...(restricted ? ['untrusted'] : []), 'index'),
    restricted,
    settings,
    logName: restricted ? 'code-server-restricted.log' : 'code-server.log',
    onLog: (line) => {
      console.log(line);
      if (line.includes('[xlens-activation]')) console.log(`[xlens-activation] activated ${Date.now() - loadedAt} ms after the workbench appeared`);
    },
    onLoaded: (t) => (loadedAt = t),
  });
  console.log(`extension-host tests (${name}): exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

async function main(): Promise<number> {
  const trusted = await suite('trusted workspace', false);
  const cache = hubCache();
  try {
    const restricted = await suite('Restricted Mode', true, { 'xlens.modelCacheFolder': cache });
    return trusted || restricted;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
