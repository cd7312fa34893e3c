import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { UserError } from '../../../src/core/errors';

/** Path under test/fixtures/data. */
export function fx(...parts: string[]): string {
  return path.resolve(__dirname, '..', '..', 'fixtures', 'data', ...parts);
}

/** Awaits a UserError whose message contains every fragment (file name, `:line`, problem). */
export async function rejectsWith(p: Promise<unknown> | (() => unknown), ...fragments: string[]): Promise<UserError> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof UserError, `expected a UserError, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  for (const f of fragments) assert.ok(err.message.includes(f), `message lacks '${f}':\n${err.message}`);
  return err;
}
