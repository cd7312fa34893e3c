import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../util/atomicWrite';

/**
 * sha256 of a file's content, remembered under `memoDir` by (path, size, mtime) so that a
 * 500 MB ONNX file is read once, not at every run. A changed file gets a new hash.
 */
export async function fileSha256(file: string, memoDir: string): Promise<string> {
  const st = await fs.promises.stat(file);
  const id = createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 24);
  const memo = path.join(memoDir, `${id}.json`);
  try {
    const m = JSON.parse(await fs.promises.readFile(memo, 'utf8')) as { size?: number; mtimeMs?: number; sha256?: string };
    if (m.size === st.size && m.mtimeMs === st.mtimeMs && typeof m.sha256 === 'string') return m.sha256;
  } catch {
    // no memo yet
  }
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  const sha256 = h.digest('hex');
  await writeFileAtomic(memo, JSON.stringify({ file: path.resolve(file), size: st.size, mtimeMs: st.mtimeMs, sha256 }) + '\n').catch(() => undefined);
  return sha256;
}
