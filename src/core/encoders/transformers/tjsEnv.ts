import * as path from 'node:path';
import { env } from '@huggingface/transformers';
import { UserError } from '../../errors';

/**
 * transformers.js keeps its settings in one global `env`. XLens sets them before every load, one
 * load at a time (and restores them after): the download cache is XLens's own folder (never the package folder), local
 * folders are always passed as absolute paths (so `localModelPath` points at an unused folder and
 * an id can never pick up stray files), and remote access is on only while downloading.
 */
let queue: Promise<unknown> = Promise.resolve();

export function withTransformersEnv<T>(modelsDir: string, allowRemote: boolean, fn: () => Promise<T>, remoteHost?: string): Promise<T> {
  const run = async () => {
    const { cacheDir, localModelPath, useFSCache, allowLocalModels, allowRemoteModels } = env;
    const saved = { cacheDir, localModelPath, useFSCache, allowLocalModels, allowRemoteModels, remoteHost: env.remoteHost };
    if (remoteHost) env.remoteHost = remoteHost;
    env.cacheDir = modelsDir;
    env.localModelPath = path.join(modelsDir, '.unused-local-model-path');
    env.useFSCache = true;
    env.allowLocalModels = true;
    env.allowRemoteModels = allowRemote;
    try {
      return await fn();
    } finally {
      Object.assign(env, saved); // other users of transformers.js in the process see their settings
    }
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

/** A transformers.js or ONNX Runtime failure while loading a local file, as a UserError naming it. */
export function tjsLoadError(e: unknown, file: string, what: string): Error {
  if (e instanceof UserError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new UserError(`cannot load the ${what}: ${msg.split('\n')[0]}`, { file, hint: 'the file may be truncated or not made for transformers.js; re-export or re-download it' });
}
