import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** The built CLI (npm test builds first), run as a user would: one helper for every CLI test file. */
export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const SAMPLE = path.join(ROOT, 'samples', 'xquad-mini');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `xlens ARGS…` in `cwd` (default: the repository root). */
export function xlensIn(cwd: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function xlens(...args: string[]): CliResult {
  return xlensIn(ROOT, ...args);
}
