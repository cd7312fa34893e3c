import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../errors';
import type { OpenBase } from '../adapterEncoder';
import { CHECKPOINT_FILE, type LoadedCheckpoint, loadCheckpoint } from '../checkpoint';
import { appendAdapter } from './onnxAdapter';

/**
 * Export a checkpoint as a model folder: a copy of the base model's folder (config, tokenizer,
 * pooling settings, external weight files) whose every `.onnx` graph has the adapter appended
 * (see onnxAdapter.ts), plus `xlens-export.json`. @huggingface/transformers and XLens load it like
 * the base model; with the base model's usual pooling and normalisation its vectors are the
 * checkpoint's. Written under a temporary name, then renamed into place.
 */
export interface ExportResult {
  out: string;
  /** Rewritten graphs (relative paths) and the outputs that carry the adapter. */
  graphs: Record<string, string[]>;
}

/**
 * `baseFolder` defaults to the checkpoint's base source when that is a local folder (options after
 * `?` ignored); a Hugging Face id needs its downloaded folder passed explicitly.
 */
export async function exportCheckpoint(checkpointDir: string, baseFolder: string | undefined, outDir: string, opts: { openBase?: OpenBase } = {}): Promise<ExportResult> {
  const ck = await loadCheckpoint(checkpointDir);
  const base = baseFolder ? path.resolve(baseFolder) : localFolderOf(ck.meta.base.source, ck.meta.base.cwd);
  if (!base || !fs.existsSync(base) || !fs.statSync(base).isDirectory()) {
    throw new UserError(`the base model folder ${base ?? `of ${ck.meta.base.source}`} is not available`, { hint: 'pass the folder holding the base model (config.json, tokenizer.json, onnx/)' });
  }
  const out = path.resolve(outDir);
  if (fs.existsSync(out)) throw new UserError(`${out} exists; export to a new folder`);
  if (opts.openBase) await checkBase(ck, base, opts.openBase);
  const W = ck.adapter.weight() as Float32Array;
  const dim = ck.adapter.spec.dim;
  const tmp = `${out}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const graphs: Record<string, string[]> = {};
  try {
    await fs.promises.cp(base, tmp, { recursive: true, filter: (src) => !src.endsWith('.onnx') });
    for (const rel of fs.readdirSync(base, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.onnx')).sort()) {
      const bytes = new Uint8Array(await fs.promises.readFile(path.join(base, rel)));
      let res;
      try {
        res = appendAdapter(bytes, W, dim);
      } catch (e) {
        throw new UserError(`cannot append the adapter: ${e instanceof Error ? e.message : String(e)}`, { file: path.join(base, rel) });
      }
      await fs.promises.mkdir(path.dirname(path.join(tmp, rel)), { recursive: true });
      await fs.promises.writeFile(path.join(tmp, rel), res.bytes);
      graphs[rel] = res.outputs;
    }
    if (Object.keys(graphs).length === 0) throw new UserError('the base model folder holds no .onnx graph', { file: base });
    const note = {
      format: 'xlens-export',
      version: 1,
      checkpoint: ck.dir,
      base: { folder: base, source: ck.meta.base.source, fingerprint: ck.meta.base.fingerprint },
      adapter: ck.meta.adapter,
      graphs,
      how: 'MatMul by the adapter weight (transposed) appended to each embedding output; it commutes with mean/CLS pooling, so pool then L2-normalise as for the base model',
    };
    await fs.promises.writeFile(path.join(tmp, 'xlens-export.json'), JSON.stringify(note, null, 2) + '\n');
    await fs.promises.rename(tmp, out);
  } finally {
    await fs.promises.rm(tmp, { recursive: true, force: true });
  }
  return { out, graphs };
}

/**
 * The adapter is only valid on the model it was trained on: the folder, opened with the
 * checkpoint's source options (dtype, pooling, … after `?`), must have the checkpoint's base
 * fingerprint (the hashes of its graph, tokenizer and config, and those settings).
 */
async function checkBase(ck: LoadedCheckpoint, folder: string, openBase: OpenBase): Promise<void> {
  const source = ck.meta.base.source;
  const q = source.lastIndexOf('?');
  const options = q >= 0 && !fs.existsSync(path.resolve(ck.meta.base.cwd, source)) ? source.slice(q) : '';
  const enc = await openBase(folder + options, { cwd: ck.meta.base.cwd });
  const { fingerprint, dim } = enc.info;
  await enc.dispose();
  if (fingerprint !== ck.meta.base.fingerprint || dim !== ck.meta.adapter.dim) {
    throw new UserError(
      `the base model ${folder} is not the one this adapter was trained on: fingerprint ${fingerprint} (${dim} dimensions), the checkpoint's base ${source} has ${ck.meta.base.fingerprint} (${ck.meta.adapter.dim})`,
      { file: path.join(ck.dir, CHECKPOINT_FILE), hint: 'pass the folder of the exact base model (same files and settings), or retrain the adapter on this one' },
    );
  }
}

function localFolderOf(source: string, cwd: string): string | undefined {
  const q = source.lastIndexOf('?');
  for (const candidate of q >= 0 ? [source, source.slice(0, q)] : [source]) {
    const p = path.resolve(cwd, candidate);
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) return p;
  }
  return undefined;
}
