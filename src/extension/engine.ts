import * as vscode from 'vscode';
import { EngineClient } from '../workers/engineClient';

/**
 * The engine runs in a worker thread started on first use, so activation loads nothing heavy
 * (no onnxruntime, no transformers.js) and long jobs never block the extension host.
 */
let client: EngineClient | undefined;

export function engine(context: vscode.ExtensionContext): EngineClient {
  client ??= new EngineClient(context.asAbsolutePath('dist/engineWorker.js'));
  return client;
}

export async function disposeEngine(): Promise<void> {
  await client?.dispose();
  client = undefined;
}
