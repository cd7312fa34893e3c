import { createRequire } from 'node:module';
import { UserError } from '../../errors';

/** Where a neural model runs: `cpu` (the default), `cuda` (required), `auto` (CUDA when usable, else CPU with a note). */
export type Device = 'auto' | 'cpu' | 'cuda';
export const DEVICES: readonly Device[] = ['auto', 'cpu', 'cuda'];

export function parseDevice(value: string, err: () => Error): Device {
  const d = DEVICES.find((x) => x === value);
  if (!d) throw err();
  return d;
}

/**
 * Whether this onnxruntime-node build lists a CUDA execution provider at all. Listed is not yet
 * usable: its provider library (not shipped in the npm package, `bundled: false`) and the CUDA
 * runtime must load too, which only opening a session tells (see `openOnDevice`).
 */
export function cudaListed(): { listed: boolean; why?: string } {
  try {
    const ort = createRequire(__filename)('onnxruntime-node') as { listSupportedBackends?: () => Array<{ name: string }> };
    const backends = ort.listSupportedBackends?.() ?? [];
    return backends.some((b) => b.name === 'cuda') ? { listed: true } : { listed: false, why: 'this onnxruntime-node build has no CUDA execution provider' };
  } catch (e) {
    return { listed: false, why: `onnxruntime-node does not load (${e instanceof Error ? e.message : String(e)})` };
  }
}

export interface OnDevice<S> {
  session: S;
  /** The execution provider the session runs on. */
  device: 'cpu' | 'cuda';
  /** Why `auto` runs on the CPU (for the log and the report's model settings). */
  note?: string;
}

/**
 * Open a session on the device asked for. `cuda` opens with the CUDA provider first (CPU kernels
 * for the nodes CUDA lacks) or fails with a UserError saying why; `auto` tries the same and falls
 * back to the CPU with a note; `cpu` never touches CUDA.
 */
export async function openOnDevice<S>(
  device: Device,
  open: (providers: string[] | undefined) => Promise<S>,
  listed: () => { listed: boolean; why?: string } = cudaListed,
): Promise<OnDevice<S>> {
  if (device === 'cpu') return { session: await open(undefined), device: 'cpu' };
  const l = listed();
  let why = l.why;
  if (l.listed) {
    try {
      return { session: await open(['cuda', 'cpu']), device: 'cuda' };
    } catch (e) {
      why = `its CUDA execution provider did not load: ${firstLine(e)}`;
    }
  }
  if (device === 'cuda') {
    throw new UserError(`device=cuda was asked for, but CUDA is not usable here: ${why}`, {
      hint: 'install the CUDA build of onnxruntime-node (its provider library and CUDA 12 + cuDNN 9), or use --device auto / cpu',
    });
  }
  return { session: await open(undefined), device: 'cpu', note: `device auto: running on the CPU (CUDA not usable: ${why})` };
}

function firstLine(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  // ORT's messages carry terminal colour codes and a log line after the first.
  return s.replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0].slice(0, 300);
}
