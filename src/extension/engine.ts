import * as vscode from 'vscode';
import { EngineClient } from '../workers/engineClient';
import { settings } from './settings';

/**
 * The engine runs in a worker thread started on first use, so activation loads nothing heavy
 * (no onnxruntime, no transformers.js) and long jobs never block the extension host. The
 * model cache folder setting reaches it as XLENS_CACHE_DIR; changing it restarts the worker.
 */
let client: EngineClient | undefined;

export function engine(context: vscode.ExtensionContext): EngineClient {
  const cache = settings().modelCacheFolder;
  client ??= new EngineClient(context.asAbsolutePath('dist/engineWorker.js'), cache ? { XLENS_CACHE_DIR: cache } : {});
  return client;
}

export async function disposeEngine(): Promise<void> {
  await client?.dispose();
  client = undefined;
}
