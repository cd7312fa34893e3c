import * as vscode from 'vscode';
import type { ScenarioName } from '../core/scenarios/types';

/** Typed access to the `xlens.*` settings (declared with descriptions in package.json). */
export interface XlensSettings {
  defaultModel: string;
  modelSources: string[];
  modelCacheFolder: string;
  dtype: 'fp32' | 'fp16' | 'q8';
  batchTokenBudget: number;
  device: 'auto' | 'cpu' | 'cuda';
  remoteEndpoint: string;
  remoteConcurrency: number;
  defaultScenario: ScenarioName;
  pivot: string;
  k: number[];
  dataFolders: string[];
}

export function settings(): XlensSettings {
  const c = vscode.workspace.getConfiguration('xlens');
  return {
    defaultModel: c.get('defaultModel', 'Xenova/multilingual-e5-small'),
    modelSources: c.get('modelSources', ['builtin:char-ngram']),
    modelCacheFolder: c.get('modelCacheFolder', ''),
    dtype: c.get('dtype', 'fp32'),
    batchTokenBudget: c.get('batchTokenBudget', 2048),
    device: c.get('device', 'cpu'),
    remoteEndpoint: c.get('remoteEndpoint', ''),
    remoteConcurrency: c.get('remote.concurrency', 4),
    defaultScenario: c.get('defaultScenario', 'bilingual'),
    pivot: c.get('pivot', 'en'),
    k: c.get('k', [1, 5, 10, 20, 100]),
    dataFolders: c.get('dataFolders', []),
  };
}
