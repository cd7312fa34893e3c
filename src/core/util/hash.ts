import { createHash } from 'node:crypto';

/** Short stable hex digest of the given parts (sha256, first 16 hex chars). */
export function fingerprintOf(...parts: Array<string | number | boolean | Uint8Array>): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(typeof p === 'string' || p instanceof Uint8Array ? p : String(p));
    h.update('\u0000');
  }
  return h.digest('hex').slice(0, 16);
}
