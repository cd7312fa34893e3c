import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EncodeOptions, Encoder } from '../encoders/encoder';
import { UserError } from '../errors';
import { fingerprintOf } from '../util/hash';
import type { Matrix } from '../vectors';
import { applyDense } from './adapters';
import { CHECKPOINT_FILE, loadCheckpoint } from './checkpoint';
import { recoverCheckpoint } from './checkpointWriter';
import { F32 } from './kernels';

/**
 * A checkpoint as a model source: the base encoder it was trained on, followed by the adapter
 * (`y = normalise(W · base(x))`). It evaluates, projects and compares like any model. The base is
 * opened through `openBase` (the caller's `openEncoder`), so this module does not depend on the
 * source table; a base whose fingerprint changed since training is refused.
 */
export type OpenBase = (source: string, opts: { cwd: string }) => Promise<Encoder>;

export const CHECKPOINT_PREFIX = 'checkpoint:';

/**
 * The checkpoint folder a source string names, or undefined: `checkpoint:<dir>`, or any folder
 * holding an `xlens-checkpoint.json` (so `--model .xlens/checkpoints/x` works). Relative paths
 * resolve against `cwd`; `~` is the home folder.
 */
export function checkpointDirOf(source: string, cwd: string): string | undefined {
  const s = source.trim();
  const explicit = s.startsWith(CHECKPOINT_PREFIX);
  const p = explicit ? s.slice(CHECKPOINT_PREFIX.length) : s;
  const abs = p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : path.resolve(cwd, p);
  // A write interrupted half-way is rolled back first (it may have moved the description aside).
  recoverCheckpoint(abs);
  if (fs.existsSync(path.join(abs, CHECKPOINT_FILE))) return abs;
  if (explicit) throw new UserError(`no XLens checkpoint at ${abs} (${CHECKPOINT_FILE} is missing)`);
  return undefined;
}

export async function openCheckpointEncoder(dir: string, openBase: OpenBase, opts: { source?: string } = {}): Promise<Encoder> {
  const ck = await loadCheckpoint(dir);
  const { meta } = ck;
  const base = await openBase(meta.base.source, { cwd: meta.base.cwd });
  if (base.info.fingerprint !== meta.base.fingerprint || base.info.dim !== meta.adapter.dim) {
    await base.dispose();
    throw new UserError(`the base model ${meta.base.source} is not the one this adapter was trained on (fingerprint ${base.info.fingerprint}, expected ${meta.base.fingerprint})`, {
      file: path.join(ck.dir, CHECKPOINT_FILE),
      hint: 'the base model or its settings changed since training; retrain the adapter on the current base',
    });
  }
  const W = ck.adapter.weight();
  const kind = meta.adapter.kind;
  return {
    info: {
      source: opts.source ?? `${CHECKPOINT_PREFIX}${ck.dir}`,
      name: `${path.basename(ck.dir)} (${base.info.name} + ${kind} adapter)`,
      dim: base.info.dim,
      fingerprint: fingerprintOf('xlens-adapted', base.info.fingerprint, ck.adapterHash),
      settings: { ...base.info.settings, base: meta.base.source, adapter: kind, loss: String(meta.loss.kind), checkpoint: ck.dir },
    },
    async encode(texts: readonly string[], o?: EncodeOptions): Promise<Matrix> {
      const m = await base.encode(texts, o);
      const Y = applyDense(F32, W, { rows: m.rows, cols: m.dim, data: m.data });
      return { rows: Y.rows, dim: Y.cols, data: Y.data as Float32Array };
    },
    stats: () => base.stats(),
    dispose: () => base.dispose(),
  };
}
