import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project's `../shared` folder (evaluation data and model shapes), read in place, never copied. */
export const SHARED_DIR = path.resolve(__dirname, '..', '..', '..', 'shared');
export const SHARED_DATA = path.join(SHARED_DIR, 'data');

/** Absolute path under ../shared/data, or undefined when that folder is absent. */
export function sharedData(...parts: string[]): string | undefined {
  const p = path.join(SHARED_DATA, ...parts);
  return fs.existsSync(p) ? p : undefined;
}

/**
 * Skip the current suite with a printed reason when a real-data path is absent,
 * so a machine without ../shared still runs everything else.
 */
export function requireSharedData(ctx: Mocha.Context, ...parts: string[]): string {
  const p = sharedData(...parts);
  if (!p) {
    console.log(`    (skipped: ${path.join(SHARED_DATA, ...parts)} is absent)`);
    ctx.skip();
  }
  return p as string;
}
