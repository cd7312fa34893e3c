// Helpers of the trust tests (suite/remoteConfirm.test.ts, suite/untrusted/): a loopback embedding
// server that records every request, hostile run files, and waits on XLens's test hooks.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../../src/extension/testing';

export const EXTENSION_ID = 'xlens.xlens';

/** The value of the variable a hostile run file names as its `keyEnv`: it must never leave. */
export const SECRET_ENV = 'XLENS_TEST_SECRET_TOKEN';
export const SECRET = 'sk-never-leave-4f9c2e7a1b';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Recorder {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, as XLens names the host. */
  host: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Records every request; answers OpenAI-compatible `/v1/embeddings` with small deterministic vectors. */
export async function startRecorder(): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      let input: unknown[] = [];
      try {
        const parsed = JSON.parse(body) as { input?: unknown };
        if (Array.isArray(parsed.input)) input = parsed.input;
      } catch {
        // answered below with no vectors
      }
      const data = input.map((t, index) => ({ object: 'embedding', index, embedding: vectorOf(String(t)) }));
      res.writeHead(req.url === '/v1/embeddings' ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function vectorOf(text: string): number[] {
  const h = createHash('sha256').update(text).digest();
  return Array.from({ length: 8 }, (_, j) => (h[j] - 127.5) / 64 + (j === 0 ? 1 : 0));
}

/** Whether the secret appears anywhere in what the recorder received. */
export function leaked(r: Recorder, secret = SECRET): boolean {
  return r.requests.some((q) => q.body.includes(secret) || JSON.stringify(q.headers).includes(secret) || q.url.includes(secret));
}

export function workspaceFolder(): string {
  const f = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!f) throw new Error('the extension-host tests need a workspace folder');
  return f;
}

/** Copies the repository's samples/xquad-mini into `dir` and returns its path. */
export function copySample(dir: string): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} not found`);
  const target = path.join(dir, 'xquad-mini');
  fs.cpSync(path.join(ext.extensionPath, 'samples', 'xquad-mini'), target, { recursive: true });
  return target;
}

/** Writes `.xlens/runs/<name>.json` in the workspace: a saved run naming `model` and `dataset`. */
export function writeRunFile(name: string, model: string, dataset: string): vscode.Uri {
  const file = path.join(workspaceFolder(), '.xlens', 'runs', `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const report = {
    tool: 'xlens',
    createdAt: new Date().toISOString(),
    dataset: { name: 'xquad-mini', path: dataset, format: 'xquad' },
    model: { source: model, name: name },
    scenario: 'bilingual',
    languages: ['de'],
    pivot: 'en',
    byLanguage: {},
  };
  fs.writeFileSync(file, JSON.stringify(report));
  return vscode.Uri.file(file);
}

export async function testingApi(): Promise<TestingApi> {
  const ext = vscode.extensions.getExtension<{ testing: TestingApi } | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} not found`);
  const api = await ext.activate();
  if (!api?.testing) throw new Error('XLens returned no testing hooks: is the extension host in test mode?');
  return api.testing;
}

export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
