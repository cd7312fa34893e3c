import * as os from 'node:os';
import { UserError } from '../../errors';
import { parseDevice, type Device } from './device';
import { DTYPES, type Dtype } from './modelFolder';
import type { Pooling } from './presets';

/** Options of a neural model source (`org/name?dtype=q8&pooling=mean`, `./folder?maxLength=256`). */
export interface TransformersOptions {
  dtype: Dtype;
  /** Overrides the folder's sentence-transformers pooling and the family preset. */
  pooling?: Pooling;
  normalize: boolean;
  /** Tokens per text, special tokens included; default: what the model supports (≤ its positions). */
  maxLength?: number;
  queryPrefix?: string;
  passagePrefix?: string;
  /** Padded tokens per batch (rows × longest); default by dtype (`defaultBatchTokens`). */
  batchTokens: number;
  /** Rows per batch at most, however short the texts. */
  maxRows: number;
  /** ONNX Runtime intra-op threads. */
  threads: number;
  /** Execution provider (`xlens.device`, `--device`): CPU unless asked. */
  device: Device;
}

/**
 * Padded tokens per batch. Smaller batches keep activations in cache: on the 2-core machines a
 * raw session on the e5-small twin (2,000 XQuAD texts, warm) ran fp32 at 113/112/107/97/88
 * sentences/s with 512/1k/2k/4k/8k budgets, and q8 at 291/295/279/213/172 (768: 306).
 */
export function defaultBatchTokens(_dtype: Dtype): number {
  return 1024;
}

export const DEFAULT_MAX_ROWS = 256;

export const TRANSFORMERS_OPTIONS_HELP =
  'dtype=fp32|fp16|q8, pooling=mean|cls, normalize=true|false, maxLength=<tokens>, queryPrefix=<text>, passagePrefix=<text> ' +
  '(percent-escapes allowed: queryPrefix=query:%20), batchTokens=<tokens>, threads=<n>, device=cpu|auto|cuda, cache=off';

export function parseTransformersOptions(raw: Readonly<Record<string, string>>, source: string): TransformersOptions {
  const o: TransformersOptions = {
    dtype: 'fp32',
    normalize: true,
    batchTokens: 0, // set from the dtype below unless given
    maxRows: DEFAULT_MAX_ROWS,
    threads: os.availableParallelism(),
    device: 'cpu',
  };
  const bad = (key: string, value: string, want: string) => new UserError(`${source}: bad ${key}=${value}`, { hint: `use ${want}` });
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'dtype': {
        const d = DTYPES.find((x) => x === value);
        if (!d) throw bad(key, value, DTYPES.map((x) => `dtype=${x}`).join(' or '));
        o.dtype = d;
        break;
      }
      case 'pooling':
        if (value !== 'mean' && value !== 'cls') throw bad(key, value, 'pooling=mean or pooling=cls');
        o.pooling = value;
        break;
      case 'normalize':
        if (value !== 'true' && value !== 'false') throw bad(key, value, 'normalize=true or normalize=false');
        o.normalize = value === 'true';
        break;
      case 'maxLength':
        o.maxLength = positiveInt(value, () => bad(key, value, 'a whole number of tokens ≥ 3, e.g. maxLength=512'), 3);
        break;
      case 'batchTokens':
        o.batchTokens = positiveInt(value, () => bad(key, value, 'a whole number of tokens, e.g. batchTokens=2048'), 1);
        break;
      case 'threads':
        o.threads = positiveInt(value, () => bad(key, value, 'a whole number ≥ 1'), 1);
        break;
      case 'device':
        o.device = parseDevice(value, () => bad(key, value, 'device=cpu, device=auto or device=cuda'));
        break;
      case 'queryPrefix':
      case 'passagePrefix':
        o[key] = decodePercent(value, () => bad(key, value, 'text with valid %XX escapes'));
        break;
      default:
        throw new UserError(`${source}: unknown option "${key}"`, { hint: `model folders and Hugging Face ids accept ${TRANSFORMERS_OPTIONS_HELP}` });
    }
  }
  if (o.batchTokens === 0) o.batchTokens = defaultBatchTokens(o.dtype);
  return o;
}

export function positiveInt(value: string, err: () => Error, min: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(Number.isSafeInteger(n) && n >= min)) throw err();
  return n;
}

export function decodePercent(value: string, err: () => Error): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw err();
  }
}
