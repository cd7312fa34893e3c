import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../errors';

/** Weight formats XLens loads, and the transformers.js file each one reads. */
export type Dtype = 'fp32' | 'fp16' | 'q8';
export const DTYPES: readonly Dtype[] = ['fp32', 'fp16', 'q8'];
export const ONNX_FILES: Readonly<Record<Dtype, string>> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
};

export const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

export const EXPECTED_LAYOUT = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx             (dtype=fp32, the default)',
  'onnx/model_fp16.onnx        (dtype=fp16)',
  'onnx/model_quantized.onnx   (dtype=q8)',
  '1_Pooling/config.json       (optional: sentence-transformers pooling)',
].join('\n    ');

/** What a checked folder holds. */
export interface ModelFolder {
  dir: string;
  dtype: Dtype;
  /** Absolute path of the ONNX file for `dtype`. */
  onnxFile: string;
  /** External weight files beside it (`model.onnx_data`, ...), absolute. */
  externalData: string[];
  config: Record<string, unknown>;
}

/**
 * Check that `dir` is a transformers.js model folder usable with `dtype`. Anything missing is a
 * UserError that lists the expected layout, what is absent, and what the folder does hold.
 */
export function checkModelFolder(dir: string, dtype: Dtype): ModelFolder {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UserError('model folder not found', { file: dir });
  const onnx = ONNX_FILES[dtype];
  const missing: string[] = REQUIRED_FILES.filter((f) => !isFile(path.join(dir, f)));
  if (!isFile(path.join(dir, onnx))) missing.push(onnx);
  const config = missing.includes('config.json') ? {} : readJsonObject(path.join(dir, 'config.json'));
  const externalData = missing.length > 0 ? [] : externalDataFiles(config, dtype).map((f) => path.join(dir, f));
  missing.push(...externalData.filter((f) => !isFile(f)).map((f) => path.relative(dir, f)));
  if (missing.length > 0) throw incomplete(dir, dtype, missing);
  return { dir, dtype, onnxFile: path.join(dir, onnx), externalData, config };
}

/** Parse a JSON file that must hold an object; a syntax error names the file. */
export function readJsonObject(file: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`bad JSON: ${(e as Error).message}`, { file });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UserError('expected a JSON object', { file });
  return v as Record<string, unknown>;
}

/** Optional JSON object, undefined when the file is absent. */
export function readOptionalJson(file: string): Record<string, unknown> | undefined {
  return isFile(file) ? readJsonObject(file) : undefined;
}

/**
 * External-data files transformers.js expects (`transformers.js_config.use_external_data_format`
 * in config.json: true, a chunk count, or per-file values), relative to the folder.
 */
export function externalDataFiles(config: Record<string, unknown>, dtype: Dtype): string[] {
  const tjs = config['transformers.js_config'];
  const fmt = typeof tjs === 'object' && tjs !== null ? (tjs as Record<string, unknown>).use_external_data_format : undefined;
  const file = ONNX_FILES[dtype];
  const base = path.posix.basename(file);
  let chunks = 0;
  if (typeof fmt === 'boolean' || typeof fmt === 'number') chunks = Number(fmt);
  else if (typeof fmt === 'object' && fmt !== null) {
    const per = fmt as Record<string, unknown>;
    chunks = Number(per[base] ?? per['model'] ?? 0);
  }
  return Array.from({ length: chunks }, (_, i) => `onnx/${base}_data${i === 0 ? '' : `_${i}`}`);
}

function incomplete(dir: string, dtype: Dtype, missing: string[]): UserError {
  const present = listOnnx(dir);
  const others = present.flatMap((f) => {
    const d = (Object.keys(ONNX_FILES) as Dtype[]).find((k) => ONNX_FILES[k] === f && k !== dtype);
    return d ? [`${f} is there: add ?dtype=${d} to the model source`] : [];
  });
  const looksPyTorch = ['model.safetensors', 'pytorch_model.bin'].some((f) => isFile(path.join(dir, f))) && present.length === 0;
  const notes = [
    `expected layout:\n    ${EXPECTED_LAYOUT}`,
    present.length ? `the folder has ${present.join(', ')}` : 'the folder has no onnx/*.onnx file',
    ...others,
    ...(looksPyTorch ? ['it looks like a PyTorch checkpoint: export it to ONNX first (e.g. optimum-cli export onnx --task feature-extraction)'] : []),
  ];
  return new UserError(`not a complete transformers.js model folder for dtype ${dtype}: missing ${missing.join(', ')}`, {
    file: dir,
    hint: notes.join('\n  '),
  });
}

function listOnnx(dir: string): string[] {
  try {
    return fs.readdirSync(path.join(dir, 'onnx')).filter((f) => f.endsWith('.onnx')).sort().map((f) => `onnx/${f}`);
  } catch {
    return [];
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
