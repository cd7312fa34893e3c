import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/**
 * A loopback server with the Hugging Face Hub's file layout, `/{repo}/resolve/{revision}/{file}`,
 * serving model folders from disk: 206 + content-range for `Range: bytes=a-b` (transformers.js
 * probes files with bytes=0-0), 200 with content-length otherwise, 404 for anything else.
 * It listens on 127.0.0.1 only, does not keep the process alive, and closes itself after
 * `lifetimeMs` if a test forgets to.
 */
export interface HubServer {
  /** `http://127.0.0.1:<port>/` (the form of transformers.js `env.remoteHost` and HF_ENDPOINT). */
  url: string;
  requests: Array<{ url: string; range?: string }>;
  close(): Promise<void>;
}

export async function startHubServer(repos: Record<string, string>, opts: { revisions?: string[]; lifetimeMs?: number } = {}): Promise<HubServer> {
  const revisions = new Set(opts.revisions ?? ['main']);
  const requests: HubServer['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', range: req.headers.range });
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURIComponent(req.url ?? ''));
    const dir = m ? repos[m[1]] : undefined;
    const file = dir && m && revisions.has(m[2]) ? path.join(dir, m[3]) : '';
    if (!file || !file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const size = fs.statSync(file).size;
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (range) {
      const [start, end] = [Number(range[1]), Math.min(Number(range[2]), size - 1)];
      res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
      fs.createReadStream(file, { start, end }).pipe(res);
    } else {
      res.writeHead(200, { 'content-length': size });
      fs.createReadStream(file).pipe(res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  const timer = setTimeout(() => void close(), opts.lifetimeMs ?? 300_000);
  timer.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, close };
}
