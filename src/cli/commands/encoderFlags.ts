import type { Encoder } from '../../core/encoders/encoder';
import { DEFAULT_CONCURRENCY } from '../../core/encoders/remote/remoteOptions';
import type { SourceOptions } from '../../core/encoders/sources';
import { DEVICES, parseDevice } from '../../core/encoders/transformers/device';
import { UserError } from '../../core/errors';
import type { ParsedArgs } from '../args';
import type { CommandContext } from '../context';

/** Flags of every command that opens a model: where a neural model runs, how many server requests fly at once. */
export const ENCODER_VALUES = ['device', 'concurrency'];

export const ENCODER_HELP = `  --device D         cpu | auto | cuda: where neural models run (default cpu; auto: CUDA when
                     onnxruntime-node can use it, else the CPU with a note; cuda: exit 2 without it)
  --concurrency N    requests in flight to an embedding server, openai: or tei: (default ${DEFAULT_CONCURRENCY})`;

/** The source defaults the flags ask for (a source's own `?device=` / `?concurrency=` wins). */
export function encoderDefaults(args: ParsedArgs): SourceOptions['defaults'] {
  const device = args.flags.get('device');
  const concurrency = args.flags.get('concurrency');
  const n = concurrency === undefined ? undefined : Number(concurrency);
  if (n !== undefined && !(Number.isSafeInteger(n) && n >= 1)) throw new UserError(`--concurrency must be a whole number ≥ 1, not "${concurrency}"`);
  return {
    ...(device !== undefined ? { device: parseDevice(device, () => new UserError(`--device must be one of ${DEVICES.join(', ')}, not "${device}"`)) } : {}),
    ...(n !== undefined ? { concurrency: n } : {}),
  };
}

/** Say on stderr when `--device auto` fell back to the CPU (the report's model settings keep the note too). */
export function noteDevice(encoder: Encoder, ctx: CommandContext): void {
  const note = encoder.info.settings.deviceNote;
  if (typeof note === 'string') ctx.err(`note: ${note}`);
}
