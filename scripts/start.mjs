#!/usr/bin/env node
// `npm start` (after the build): a real VS Code (code-server) on 127.0.0.1 with XLens in
// development mode on a sample workspace. Prints the URL; runs until Ctrl-C.
// Options: --port N (default: a free one).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchCodeServer, workbenchUrl } from './code-server/launch.mjs';
import { repoRoot } from './code-server/install.mjs';

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : undefined;

// Data: the shared corpora beside the repo when present, else the bundled mini XQuAD.
const shared = resolve(repoRoot, '..', 'shared', 'data');
const data = existsSync(shared) ? shared : join(repoRoot, 'samples', 'xquad-mini');
const workspace = join(repoRoot, '.cache', 'sample-workspace');
mkdirSync(join(workspace, '.vscode'), { recursive: true });
writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'xlens.dataFolders': [data] }, null, 2)}\n`);

if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) console.warn('dist/extension.js is missing: run `npm run build` first');
const server = await launchCodeServer({ workspace, port });
const url = workbenchUrl(server, { extensionDevelopmentPath: repoRoot });
console.log(`\nXLens in VS Code (data: ${data}):\n\n  ${url}\n\ncode-server log: ${server.logFile}\nCtrl-C stops it.`);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    console.log('\nstopping code-server');
    server.stop().then(() => process.exit(0));
  });
}
