import * as fs from 'node:fs';
import * as path from 'node:path';
import { settings } from './settings';

const HF_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*(@[\w./-]+)?$/;

/**
 * A model source as the engine should open it: neural models (a Hugging Face id or a model
 * folder) get the `xlens.dtype` and `xlens.batchTokenBudget` settings as source options, unless
 * the user wrote options of their own. Other sources pass through unchanged.
 */
export function withModelSettings(source: string, cwd: string): string {
  const s = source.trim();
  if (s.includes('?') || /^[a-z]+:/.test(s)) return s;
  const folder = path.resolve(cwd, s);
  const isFolder = fs.existsSync(path.join(folder, 'config.json'));
  if (!isFolder && (fs.existsSync(path.join(folder, 'xlens-checkpoint.json')) || !HF_ID.test(s))) return s;
  const { dtype, batchTokenBudget } = settings();
  return `${s}?dtype=${dtype}&batchTokens=${batchTokenBudget}`;
}
