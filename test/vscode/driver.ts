// Drives a real VS Code (code-server, see scripts/code-server/) in headless Debian Chromium with
// XLens loaded in development mode: extension-host test runs and helpers for UI tests.
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

interface CodeServer {
  url: string;
  port: number;
  workspace: string;
  logFile: string;
  stop(): Promise<void>;
}
interface LaunchModule {
  launchCodeServer(o: { workspace?: string; settings?: Record<string, unknown>; logFile?: string; restricted?: boolean }): Promise<CodeServer>;
  workbenchUrl(s: CodeServer, o: { emptyWindow?: boolean; extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
}
interface InstallModule {
  ensureCodeServer(o?: { browser?: boolean }): string;
  CHROMIUM_PATH: string;
}

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'xlens') return dir;
    if (dirname(dir) === dir) throw new Error(`no xlens package.json above ${from}`);
  }
}

/** The repository root, which is also the extension under development. */
export const repoRoot = findRepoRoot(__dirname);
export const resultsDir = join(repoRoot, 'test-results');

// The scripts are ES modules kept out of the bundle (they locate the repo via import.meta.url).
const importScript = <T>(rel: string): Promise<T> => import(pathToFileURL(join(repoRoot, rel)).href) as Promise<T>;

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export interface WorkbenchOptions {
  /** Absolute path of a built mocha entry (without .js) to run inside the extension host. */
  extensionTestsPath?: string;
  /** Folder to open; a fresh empty one by default. */
  workspace?: string;
  /** Open no folder at all (a new user's first window); `workspace` is then ignored. */
  emptyWindow?: boolean;
  settings?: Record<string, unknown>;
  /** Open the workspace untrusted (VS Code's Restricted Mode); by default trust is off. */
  restricted?: boolean;
  /** Log file name under test-results/ (default code-server.log). */
  logName?: string;
  /** Every line the workbench logs through codeAutomationLog (test output included). */
  onLog?: (line: string, type: string) => void;
  /** Called with Date.now() when the workbench DOM appears. */
  onLoaded?: (at: number) => void;
}

export interface Workbench {
  page: Page;
  server: CodeServer;
  /** Date.now() when the workbench DOM appeared. */
  loadedAt: number;
  /** Resolves with the code the workbench passes to codeAutomationExit (end of extension tests). */
  exitCode: Promise<number>;
  close(): Promise<void>;
}

export async function openWorkbench(opts: WorkbenchOptions = {}): Promise<Workbench> {
  const install = await importScript<InstallModule>('scripts/code-server/install.mjs');
  install.ensureCodeServer({ browser: true });
  const launch = await importScript<LaunchModule>('scripts/code-server/launch.mjs');
  const tempWorkspace = opts.workspace || opts.emptyWindow ? undefined : mkdtempSync(join(tmpdir(), 'xlens-ws-'));
  mkdirSync(resultsDir, { recursive: true });
  const logFile = join(resultsDir, opts.logName ?? 'code-server.log');
  writeFileSync(logFile, '');
  const server = await launch.launchCodeServer({ workspace: opts.workspace ?? tempWorkspace, settings: opts.settings, logFile, restricted: opts.restricted });
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server.stop();
    if (tempWorkspace) rmSync(tempWorkspace, { recursive: true, force: true });
  };
  try {
    browser = await chromium.launch({ executablePath: install.CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let exit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      // The extension host forwards console calls as (format, ...values), as console.log takes them.
      opts.onLog?.(format(...args), type);
    });
    if (process.env.XLENS_VSCODE_VERBOSE) page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
    const url = launch.workbenchUrl(server, { emptyWindow: opts.emptyWindow, extensionDevelopmentPath: repoRoot, extensionTestsPath: opts.extensionTestsPath });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const loadedAt = Date.now();
    opts.onLoaded?.(loadedAt);
    return { page, server, loadedAt, exitCode, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Runs the mocha suite at `extensionTestsPath` inside the extension host; returns its exit code. */
export async function runExtensionTests(opts: WorkbenchOptions & { extensionTestsPath: string; timeoutMs?: number }): Promise<number> {
  const wb = await openWorkbench(opts);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      console.error(`extension tests did not finish within ${opts.timeoutMs ?? 180_000} ms`);
      resolve(1);
    }, opts.timeoutMs ?? 180_000);
  });
  try {
    return await Promise.race([wb.exitCode, timeout]);
  } finally {
    clearTimeout(timer);
    await wb.close();
  }
}

/** Opens the command palette and runs the command titled `title`, retrying until it is listed. */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await input.fill(`>${title}`);
    try {
      // Until the extension host is up, the palette lists only "similar commands".
      await row.waitFor({ timeout: 2_000 });
      await row.click();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`command "${title}" never appeared in the palette: ${String(err)}`);
    }
  }
}

/** The content frame of the `nth` webview (webviews nest `iframe#active-frame` in `iframe.webview`). */
export function webviewFrame(page: Page, nth = 0): FrameLocator {
  return page.frameLocator('iframe.webview.ready').nth(nth).frameLocator('iframe#active-frame');
}

/** Saves a screenshot of the page to test-results/screenshots/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(resultsDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Answers the quick pick (or input box) titled `title`: types `text` to filter, then Enter. */
export async function answerQuickPick(page: Page, title: string, text: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 60_000 });
  await widget.locator('.quick-input-box input').fill(text);
  if (text) await widget.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  await page.keyboard.press('Enter');
}

/**
 * Accepts code-server's simple save dialog (a quick input pre-filled with the suggested path):
 * checks the path is `expectedPath`, presses Enter, and returns the written file's text.
 */
export async function acceptSaveDialog(page: Page, expectedPath: string): Promise<string> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 30_000 });
  await page.waitForFunction((p) => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith(p), expectedPath.split('/').pop()!, { timeout: 30_000 });
  if ((await input.inputValue()) !== expectedPath) throw new Error(`save dialog suggests ${await input.inputValue()}, expected ${expectedPath}`);
  await input.press('Enter');
  const deadline = Date.now() + 30_000;
  while (!existsSync(expectedPath)) {
    if (Date.now() > deadline) throw new Error(`${expectedPath} was not written`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 300)); // let the write finish
  return readFileSync(expectedPath, 'utf8');
}

/**
 * Answers code-server's simple open dialog (a quick input holding a path) with `file`, then waits
 * for `done` (what the opened file should make appear).
 */
export async function acceptOpenDialog(page: Page, file: string, done: Locator): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 30_000 });
  // The dialog fills in its start folder asynchronously: wait for it before typing over it.
  await page.waitForFunction(() => ((document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value ?? '').length > 0, undefined, { timeout: 30_000 });
  // It may still rewrite its input while it lists the start folder: type the path again until it
  // stays, then accept.
  for (let attempt = 0; ; attempt++) {
    await input.fill(file);
    await page.waitForTimeout(500);
    if ((await input.inputValue()) !== file) {
      if (attempt >= 5) throw new Error(`the open dialog keeps rewriting the path: ${await input.inputValue()}`);
      continue;
    }
    await input.press('Enter');
    try {
      await done.waitFor({ timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt >= 2 || !(await input.isVisible())) throw e;
    }
  }
}
