import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import { fingerprintOf } from '../util/hash';
import { type Adapter, type AdapterKind, type AdapterSpec, adapterFromTensors } from './adapters';
import { F32, type Floats } from './kernels';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/**
 * A checkpoint is a folder (SPEC §6): `adapter.safetensors` (the adapter's tensors, float32) and
 * `xlens-checkpoint.json` (everything needed to reproduce and to trust it). Nothing time- or
 * machine-dependent is written, so the same training gives the same bytes. The folder is
 * written under a temporary name and renamed into place.
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
  data: { path: string; kind: string; split: string; fingerprint: string; examples: number; langs: string[]; pivot: string; hardNegatives: { count: number; window: [number, number] } };
  seed: number;
  training: { steps: number; totalSteps: number; stopReason: string; kernel: string };
  /** Held-out figures of the saved parameters and of the base model. */
  metrics?: { step: number; heldOut: Record<string, number>; byLanguage: Record<string, Record<string, number>>; base?: Record<string, number> };
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

export async function saveCheckpoint(dir: string, meta: CheckpointMeta, adapter: Adapter): Promise<void> {
  const bytes = checkpointBytes(meta, adapter);
  const target = path.resolve(dir);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const tag = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = `${target}.tmp-${tag}`;
  const old = `${target}.old-${tag}`;
  try {
    await fs.promises.mkdir(tmp);
    await fs.promises.writeFile(path.join(tmp, ADAPTER_FILE), bytes.adapter);
    await fs.promises.writeFile(path.join(tmp, CHECKPOINT_FILE), bytes.json);
    const exists = fs.existsSync(target);
    if (exists && !isCheckpointDir(target) && fs.readdirSync(target).length > 0) {
      throw new UserError(`${target} exists and is not an XLens checkpoint; choose another --out`);
    }
    if (exists) await fs.promises.rename(target, old);
    await fs.promises.rename(tmp, target);
  } finally {
    await fs.promises.rm(tmp, { recursive: true, force: true });
    await fs.promises.rm(old, { recursive: true, force: true });
  }
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

