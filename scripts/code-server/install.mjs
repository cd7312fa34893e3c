#!/usr/bin/env node
// Installs code-server (a real VS Code served to a browser) into the git-ignored .cache/code-server
// on demand. It is not a project dependency: ~300 MB with native builds that only the VS Code tests
// and `npm start` need. The offline workarounds are those of shared/VSCODE-TESTING.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3'; // last release that runs on Node 20
// @vscode/ripgrep as pinned by code-server 4.100.3's lib/vscode/npm-shrinkwrap.json: its postinstall
// uses a cached archive from $TMPDIR/vscode-ripgrep-cache-<version>/ instead of GitHub.
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const installDir = join(repoRoot, '.cache', 'code-server');
const packageDir = join(installDir, 'node_modules', 'code-server');
export const codeServerEntry = join(packageDir, 'out', 'node', 'entry.js');
const marker = join(installDir, `.installed-${CODE_SERVER_VERSION}`);

export const BUILD_PACKAGES = ['libkrb5-dev', 'ripgrep', 'g++', 'make'];
export const BROWSER_PACKAGES = ['chromium'];
export const CHROMIUM_PATH = '/usr/bin/chromium';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

/** Debian packages among `names` that are not installed (none when dpkg is absent). */
export function missingDebianPackages(names) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...names], { encoding: 'utf8' });
  if (r.error) return [];
  const ok = new Set(r.stdout.split('\n').filter((l) => /^\S+ ii/.test(l)).map((l) => l.split(' ')[0]));
  return names.filter((n) => !ok.has(n));
}

/** Installs missing Debian packages with apt-get when root; otherwise says what to install. */
export function ensureDebianPackages(names) {
  const missing = missingDebianPackages(names);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} (run: sudo apt-get install -y ${missing.join(' ')})`);
  }
  console.log(`[code-server] apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', ...missing], { env });
}

export function isInstalled() {
  return existsSync(marker) && existsSync(codeServerEntry);
}

/** Makes sure code-server (and, unless `browser` is false, Chromium) is there; returns its entry. */
export function ensureCodeServer({ browser = true } = {}) {
  ensureDebianPackages(browser ? [...BUILD_PACKAGES, ...BROWSER_PACKAGES] : BUILD_PACKAGES);
  if (isInstalled()) return codeServerEntry;

  const started = Date.now();
  console.log(`[code-server] installing code-server@${CODE_SERVER_VERSION} into ${installDir} (about 70 s)`);
  const tmp = join(installDir, 'tmp');
  const rgCache = join(tmp, `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  mkdirSync(rgCache, { recursive: true });
  // Debian's rg is the same 13.0.0 that @vscode/ripgrep would download; the archive holds just `rg`.
  run('tar', ['czf', join(rgCache, RIPGREP_ASSET), '-C', '/usr/bin', 'rg']);
  if (!existsSync(join(installDir, 'package.json'))) {
    writeFileSync(join(installDir, 'package.json'), '{ "private": true, "name": "xlens-code-server" }\n');
  }
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root without it
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  // Build native modules against the system Node headers rather than downloading them.
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node_version.h')) env.npm_config_nodedir = '/usr';
  rmSync(marker, { force: true });
  run('npm', ['install', '--prefix', installDir, `code-server@${CODE_SERVER_VERSION}`], { env });
  const rg = join(packageDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!existsSync(codeServerEntry) || !existsSync(rg)) throw new Error('code-server install is incomplete');
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  rmSync(tmp, { recursive: true, force: true });
  console.log(`[code-server] installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return codeServerEntry;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const entry = ensureCodeServer({ browser: !process.argv.includes('--no-browser') });
    console.log(`[code-server] ready: ${entry}`);
  } catch (err) {
    console.error(`[code-server] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
