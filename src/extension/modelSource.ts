import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONCURRENCY } from '../core/encoders/remote/remoteOptions';
import { settings } from './settings';

const HF_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*(@[\w./-]+)?$/;

/**
 * A model source as the engine should open it: neural models (a Hugging Face id or a model
 * folder) get the `xlens.dtype`, `xlens.batchTokenBudget` and (unless cpu) `xlens.device`
 * settings as source options, unless the user wrote options of their own; servers (openai:,
 * tei:) get `xlens.remote.concurrency` unless it is the default or the source sets it. Other
 * sources pass through unchanged.
 */
export function withModelSettings(source: string, cwd: string): string {
  const s = source.trim();
  if (/^(openai|tei):/.test(s)) {
    const n = settings().remoteConcurrency;
    const q = s.lastIndexOf('?');
    if (n === DEFAULT_CONCURRENCY || (q >= 0 && /(^|&)concurrency=/.test(s.slice(q + 1)))) return s;
    return `${s}${q >= 0 ? '&' : '?'}concurrency=${n}`;
  }
  if (s.includes('?') || /^[a-z]+:/.test(s)) return s;
  const folder = path.resolve(cwd, s);
  const isFolder = fs.existsSync(path.join(folder, 'config.json'));
  if (!isFolder && (fs.existsSync(path.join(folder, 'xlens-checkpoint.json')) || !HF_ID.test(s))) return s;
  const { dtype, batchTokenBudget, device } = settings();
  return `${s}?dtype=${dtype}&batchTokens=${batchTokenBudget}${device !== 'cpu' ? `&device=${device}` : ''}`;
}
