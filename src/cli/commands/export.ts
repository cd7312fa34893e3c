import { openEncoder } from '../../core/encoders/sources';
import { exportCheckpoint } from '../../core/training/export/exportModel';
import { parseArgs, required } from '../args';
import type { CommandContext } from '../context';
import { outputFlag } from './options';

export const EXPORT_HELP = `xlens export --checkpoint DIR --out DIR [--base FOLDER]
  --checkpoint DIR   a checkpoint written by "xlens train" (adapter.safetensors + xlens-checkpoint.json)
  --out DIR          new model folder: the base ONNX model with the adapter appended after pooling,
                     loadable by @huggingface/transformers and by "--model DIR"
  --base FOLDER      the base model's folder (default: the checkpoint's base when it is a local folder); its
                     fingerprint must be the checkpoint's base fingerprint (else exit 2)`;

export async function runExport(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, { values: ['checkpoint', 'out', 'base'] }, 'export');
  required(args, 'out', 'export');
  const out = outputFlag(args, 'out', ctx.cwd, 'folder')!;
  const result = await exportCheckpoint(required(args, 'checkpoint', 'export'), args.flags.get('base'), out, {
    openBase: (source, o) => openEncoder(source, { cwd: o.cwd, signal: ctx.signal, onProgress: ctx.progress }),
  });
  const graphs = Object.entries(result.graphs).map(([g, outs]) => `  ${g}: adapter on ${outs.join(', ')}`);
  ctx.out([`exported to ${result.out}`, ...graphs].join('\n'));
}
