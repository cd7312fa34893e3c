#!/usr/bin/env node
// Starts code-server offline on 127.0.0.1 with throw-away config, user-data and extensions dirs.
// Module: `launchCodeServer({ workspace })` → { url, port, stop() }. CLI: `node launch.mjs [WORKSPACE]`.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureCodeServer } from './install.mjs';

/** User settings that keep VS Code off the network and quiet. */
export const OFFLINE_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'git.enabled': false,
  'git.autofetch': false,
  'github.gitAuthentication': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'security.workspace.trust.enabled': false,
};

function freePort() {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => done(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Workspace trust on, and the workspace not trusted: VS Code's Restricted Mode without the
 * start-up question (a fresh user-data dir trusts no folder).
 */
export const RESTRICTED_MODE_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/**
 * Starts code-server on WORKSPACE. Options: `settings` (merged into the user settings), `port`,
 * `logFile` (its stdout/stderr; default inside the throw-away dir), `timeoutMs` for /healthz,
 * `restricted` (open the workspace untrusted, in Restricted Mode; by default trust is off and
 * every workspace is trusted).
 */
export async function launchCodeServer({ workspace, settings = {}, port, logFile, timeoutMs = 30_000, restricted = false } = {}) {
  const entry = ensureCodeServer({ browser: false });
  const home = mkdtempSync(join(tmpdir(), 'xlens-code-server-'));
  const userData = join(home, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(join(home, 'extensions'));
  writeFileSync(join(home, 'config.yaml'), 'auth: none\ncert: false\n');
  const user = { ...OFFLINE_SETTINGS, ...(restricted ? RESTRICTED_MODE_SETTINGS : {}), ...settings };
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(user, null, 2));
  const ws = resolve(workspace ?? home);
  const log = logFile ?? join(home, 'code-server.log');
  const p = port ?? (await freePort());
  const out = openSync(log, 'a');
  const args = [
    entry, '--config', join(home, 'config.yaml'), '--user-data-dir', userData,
    '--extensions-dir', join(home, 'extensions'), '--bind-addr', `127.0.0.1:${p}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', ...(restricted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', ws,
  ];
  // setpriv: the kernel kills code-server if this process dies without calling stop(). detached:
  // its own process group, so stop() also ends the extension host and the other helpers it forks.
  const child = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', process.execPath, ...args], {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, EXTENSIONS_GALLERY: '{}', VSCODE_CLI_DISABLE_UPDATE: '1' },
  });
  closeSync(out);
  let exited = false;
  const exitedP = new Promise((r) => child.once('exit', () => { exited = true; r(); }));
  const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    killGroup('SIGTERM');
    await Promise.race([exitedP, sleep(5000)]);
    killGroup('SIGKILL');
    rmSync(home, { recursive: true, force: true, maxRetries: 2 });
  }

  const url = `http://127.0.0.1:${p}/`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) break;
    try {
      if ((await fetch(`${url}healthz`)).ok) return { url, port: p, workspace: ws, logFile: log, stop };
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) break;
    await sleep(100);
  }
  const tail = readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
  await stop();
  throw new Error(`code-server did not answer /healthz on ${url}:\n${tail}`);
}

/**
 * The workbench address for FOLDER (or, with `emptyWindow`, a window with no folder open: VS Code's
 * `ew` parameter), with extension-development settings in the `payload`.
 */
export function workbenchUrl(server, { folder, emptyWindow = false, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${resolve(p)}`;
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = new URLSearchParams(emptyWindow ? { ew: 'true', payload: JSON.stringify(payload) } : { folder: resolve(folder ?? server.workspace), payload: JSON.stringify(payload) });
  return `${server.url}?${q}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await launchCodeServer({ workspace: process.argv[2] });
  console.log(`code-server: ${server.url} (log ${server.logFile}); Ctrl-C stops it`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => server.stop().then(() => process.exit(0)));
}
