import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root (bench code runs bundled from dist/). */
export const ROOT = path.resolve(__dirname, '..');
export const CACHE = path.join(ROOT, '.cache', 'bench');

/** A path under ../shared/data, or undefined (with a printed reason) when it is absent. */
export function sharedDataOrSkip(bench: string, ...parts: string[]): string | undefined {
  const p = path.resolve(ROOT, '..', 'shared', 'data', ...parts);
  if (fs.existsSync(p)) return p;
  process.stderr.write(`bench ${bench}: skipped, ${p} is absent\n`);
  return undefined;
}
