import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { writeFilesAtomic } from '../util/atomicWrite';
import { fsError } from '../util/fsErrors';
import { encodeNpy } from './npy';

/**
 * A `.npy` vector table and its texts file are one unit: `xlens embed --out v.npy` writes `v.npy`,
 * `v.txt` and a manifest `v.npy.xlens.json` naming both with their sha256. The manifest is renamed
 * into place first, then the two files, so a stop between the renames (or a user regenerating
 * one of the two) leaves files that disagree with the manifest, and `precomputed:` refuses them
 * instead of pairing new vectors with old texts. A pair without a manifest (vectors made
 * elsewhere) loads as before.
 */
export const PAIR_MANIFEST_FORMAT = 'xlens-vector-pair';

interface PairManifest {
  format: typeof PAIR_MANIFEST_FORMAT;
  version: 1;
  vectors: { file: string; sha256: string; rows: number; dim: number };
  texts: { file: string; sha256: string; lines: number };
}

export function pairManifestPath(npyFile: string): string {
  return `${npyFile}.xlens.json`;
}

/** `<stem>.txt` beside `<stem>.npy`. */
export function textsPathFor(npyFile: string): string {
  return npyFile.replace(/\.npy$/i, '') + '.txt';
}

/** Write `v.npy`, `v.txt` (one text per line) and the manifest as one unit; returns the texts path. */
export async function writeVectorPair(npyFile: string, vectors: Float32Array, dim: number, texts: readonly string[]): Promise<string> {
  const textsFile = textsPathFor(npyFile);
  const npyBytes = encodeNpy(vectors, [texts.length, dim]);
  const textBytes = Buffer.from(texts.map((t) => t + '\n').join(''), 'utf8');
  const manifest: PairManifest = {
    format: PAIR_MANIFEST_FORMAT,
    version: 1,
    vectors: { file: path.basename(npyFile), sha256: sha256(npyBytes), rows: texts.length, dim },
    texts: { file: path.basename(textsFile), sha256: sha256(textBytes), lines: texts.length },
  };
  await writeFilesAtomic([
    { file: pairManifestPath(npyFile), data: JSON.stringify(manifest, null, 1) + '\n' },
    { file: npyFile, data: npyBytes },
    { file: textsFile, data: textBytes },
  ]);
  return textsFile;
}

/**
 * Refuse a `.npy` + texts pair whose manifest (when there is one) records other contents: the
 * two files were not written together. The hashes are of the bytes already read for loading.
 */
export function checkVectorPair(npyFile: string, npyHash: string, textsFile: string, textsHash: string): void {
  const manifestFile = pairManifestPath(npyFile);
  let text: string;
  try {
    text = fs.readFileSync(manifestFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // a plain pair made elsewhere
    throw fsError(e, manifestFile);
  }
  const names = `${path.basename(npyFile)} and ${path.basename(textsFile)}`;
  const deleteHint = `write the pair again with xlens embed, or delete ${path.basename(manifestFile)} to load the two files as a plain pair`;
  let m: Partial<PairManifest> | undefined;
  try {
    m = JSON.parse(text) as Partial<PairManifest>;
  } catch {
    m = undefined;
  }
  if (!m || m.format !== PAIR_MANIFEST_FORMAT || typeof m.vectors?.sha256 !== 'string' || typeof m.texts?.sha256 !== 'string') {
    throw new UserError(`not a vector-pair manifest, so ${names} cannot be checked`, { file: manifestFile, hint: deleteHint });
  }
  const changed = [
    m.vectors.sha256 !== npyHash ? npyFile : undefined,
    m.texts.sha256 !== textsHash ? textsFile : undefined,
  ].filter((f): f is string => f !== undefined);
  if (changed.length === 0) return;
  throw new UserError(
    `${npyFile} and ${textsFile} do not belong together: ${changed.map((f) => path.basename(f)).join(' and ')} ` +
      `${changed.length === 1 ? 'differs' : 'differ'} from what ${path.basename(manifestFile)} records ` +
      `(${m.vectors.file} + ${m.texts.file}, ${m.vectors.rows} rows); an interrupted write, or one file regenerated without the other`,
    { hint: deleteHint },
  );
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
