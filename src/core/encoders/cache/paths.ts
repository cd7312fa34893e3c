import * as os from 'node:os';
import * as path from 'node:path';

/**
 * XLens's own cache folder: `$XLENS_CACHE_DIR`, else `$XDG_CACHE_HOME/xlens`, else
 * `~/.cache/xlens`. Models download into `<root>/models`, embeddings go to `<root>/embeddings`.
 */
export function xlensCacheRoot(override?: string): string {
  if (override) return path.resolve(override);
  const fromEnv = process.env.XLENS_CACHE_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  const xdg = process.env.XDG_CACHE_HOME;
  return path.join(xdg ? path.resolve(xdg) : path.join(os.homedir(), '.cache'), 'xlens');
}

export function modelCacheDir(root?: string): string {
  return path.join(xlensCacheRoot(root), 'models');
}

export function embeddingCacheDir(root?: string): string {
  return path.join(xlensCacheRoot(root), 'embeddings');
}
