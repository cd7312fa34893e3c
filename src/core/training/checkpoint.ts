import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { fingerprintOf } from '../util/hash';
import { type Adapter, type AdapterKind, type AdapterSpec, adapterFromTensors } from './adapters';
import type { HeldOutUnits } from './data';
import { F32, type Floats } from './kernels';
import { checkWritable, recoverCheckpoint, type WriteOptions, writeCheckpointFiles } from './checkpointWriter';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/**
 * A checkpoint is a folder (SPEC §6): `adapter.safetensors` (the adapter's tensors, float32) and
 * `xlens-checkpoint.json` (everything needed to reproduce and to trust it). Nothing time- or
 * machine-dependent is written, so the same training gives the same bytes. Writes go through
 * checkpointWriter.ts (journalled swap of XLens's own files; user files in the folder are kept).
 */
export const ADAPTER_FILE = 'adapter.safetensors';
export const CHECKPOINT_FILE = 'xlens-checkpoint.json';
export const CHECKPOINT_VERSION = 1;

export interface CheckpointMeta {
  format: 'xlens-checkpoint';
  version: number;
  xlens: string;
  base: { source: string; name: string; fingerprint: string; dim: number; cwd: string };
  adapter: { kind: AdapterKind; dim: number; rank?: number; orthPenalty?: number; tensors: Record<string, number[]>; map: string };
  loss: Record<string, string | number>;
  hyperParameters: Record<string, string | number | boolean>;
  data: {
    path: string;
    kind: string;
    split: string;
    fingerprint: string;
    examples: number;
    langs: string[];
    pivot: string;
    hardNegatives: { count: number; window: [number, number] };
    /** QA data: the test units and the dataset they came from (`xlens eval` evaluates only these on the same data). */
    heldOut?: HeldOutUnits;
  };
  seed: number;
  /** `keptStep`: the step whose parameters were saved (the best validation step with early stopping). */
  training: { steps: number; totalSteps: number; stopReason: string; kernel: string; keptStep?: number };
  /**
   * `heldOut`/`byLanguage`/`base`: the TEST split (`split` says which units), measured once after
   * training, for the saved parameters and the base model. `validation`: the split that chose the
   * step and stopped training, with its figures at that step and before training.
   */
  metrics?: {
    step: number;
    split?: string;
    heldOut: Record<string, number>;
    byLanguage: Record<string, Record<string, number>>;
    base?: Record<string, number>;
    validation?: { split: string; step?: number; metrics?: Record<string, number>; base?: Record<string, number> };
  };
}

export function adapterSpecOf(meta: CheckpointMeta): AdapterSpec {
  return { kind: meta.adapter.kind, dim: meta.adapter.dim, rank: meta.adapter.rank, orthPenalty: meta.adapter.orthPenalty };
}

export function describeAdapter(a: Adapter): CheckpointMeta['adapter'] {
  const { kind, dim, rank, orthPenalty } = a.spec;
  const tensors = Object.fromEntries(Object.entries(a.tensors()).map(([k, t]) => [k, t.shape]));
  const map = kind === 'lowrank' ? 'y = normalise((I + U Vᵀ) x)' : 'y = normalise(weight · x)';
  return { kind, dim, ...(kind === 'lowrank' ? { rank } : {}), ...(kind === 'orthogonal' ? { orthPenalty } : {}), tensors, map };
}

/** The two files' bytes (what `saveCheckpoint` writes). */
export function checkpointBytes(meta: CheckpointMeta, adapter: Adapter): { adapter: Uint8Array; json: string } {
  const tensors = Object.fromEntries(Object.entries(adapter.tensors()).map(([k, t]) => [k, { shape: t.shape, data: toF32(t.data) }]));
  return {
    adapter: encodeSafetensors(tensors, { format: 'pt', xlens_adapter: adapter.spec.kind }),
    json: JSON.stringify(meta, null, 2) + '\n',
  };
}

/** Every file XLens writes into a checkpoint folder (the training panel's log included); a re-training replaces these and nothing else. */
export const TRAINING_LOG_FILE = 'training-log.json';
export const OWNED_FILES = [ADAPTER_FILE, CHECKPOINT_FILE, TRAINING_LOG_FILE] as const;

/**
 * Write the checkpoint into `dir` (see checkpointWriter.ts): only XLens's own files are replaced,
 * the previous checkpoint is restored if the write stops half-way, and a folder that holds other
 * things but no checkpoint is refused unless `force`.
 */
export async function saveCheckpoint(dir: string, meta: CheckpointMeta, adapter: Adapter, opts: WriteOptions = {}): Promise<void> {
  const bytes = checkpointBytes(meta, adapter);
  // The description last: a folder with a description always has its adapter.
  await writeCheckpointFiles(dir, { [ADAPTER_FILE]: bytes.adapter, [CHECKPOINT_FILE]: bytes.json }, OWNED_FILES, isCheckpointDir, opts);
}

/** Throws the UserError `saveCheckpoint` would for `dir` (called before a long training run). */
export async function checkCheckpointTarget(dir: string, opts: { force?: boolean } = {}): Promise<void> {
  checkWritable(dir, isCheckpointDir, opts.force);
}

export function isCheckpointDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, CHECKPOINT_FILE)) && fs.existsSync(path.join(dir, ADAPTER_FILE));
}

export interface LoadedCheckpoint {
  dir: string;
  meta: CheckpointMeta;
  adapter: Adapter;
  /** Hash of the adapter file's bytes (part of the adapted encoder's fingerprint). */
  adapterHash: string;
}

export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const abs = path.resolve(dir);
  const metaFile = path.join(abs, CHECKPOINT_FILE);
  // An interrupted write is rolled back first: what is loaded is always a complete checkpoint.
  recoverCheckpoint(abs);
  if (!isCheckpointDir(abs)) throw new UserError(`not an XLens checkpoint folder (needs ${CHECKPOINT_FILE} and ${ADAPTER_FILE})`, { file: abs });
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(await fs.promises.readFile(metaFile, 'utf8')) as CheckpointMeta;
  } catch (e) {
    throw new UserError(`cannot read the checkpoint description: ${e instanceof Error ? e.message : String(e)}`, { file: metaFile });
  }
  if (meta.format !== 'xlens-checkpoint' || typeof meta.version !== 'number') throw new UserError('not an XLens checkpoint description', { file: metaFile });
  if (meta.version > CHECKPOINT_VERSION) throw new UserError(`checkpoint version ${meta.version} is newer than this XLens understands (${CHECKPOINT_VERSION})`, { file: metaFile });
  const adapterFile = path.join(abs, ADAPTER_FILE);
  const bytes = new Uint8Array(await fs.promises.readFile(adapterFile));
  const { tensors } = decodeSafetensors(bytes, adapterFile);
  const data: Record<string, Floats> = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, toF32(t.data)]));
  let adapter: Adapter;
  try {
    adapter = adapterFromTensors(F32, adapterSpecOf(meta), data);
  } catch (e) {
    throw new UserError(e instanceof Error ? e.message : String(e), { file: adapterFile });
  }
  return { dir: abs, meta, adapter, adapterHash: fingerprintOf(bytes) };
}

function toF32(d: Floats): Float32Array {
  return d instanceof Float32Array ? d : Float32Array.from(d);
}

