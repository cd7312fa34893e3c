import { halfToFloat } from './pooling';
import type { OrtWorkerSession, WorkerOutput, WorkerTensor } from './ortWorker';

/** Output of one batch: per-token states [rows, seqLen, dim], or vectors the graph pooled itself. */
export type BatchOutput = { kind: 'tokens'; data: Float32Array; dim: number } | { kind: 'pooled'; data: Float32Array; dim: number };

const TOKEN_OUTPUTS = ['last_hidden_state', 'token_embeddings'];
const POOLED_OUTPUTS = ['sentence_embedding', 'sentence_embeddings'];
const KNOWN_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids'];

/** Feeds right-padded id batches to the model's session and fetches the token states. */
export class OnnxRunner {
  private readonly output: string;

  constructor(
    private readonly session: OrtWorkerSession,
    private readonly padId: number,
  ) {
    const names = session.outputNames;
    this.output = [...TOKEN_OUTPUTS, ...POOLED_OUTPUTS].find((n) => names.includes(n)) ?? names[0];
    const odd = session.inputNames.find((n) => !KNOWN_INPUTS.includes(n));
    if (odd) throw new Error(`the ONNX graph wants an input "${odd}" that a sentence encoder does not have`);
  }

  async run(batch: readonly number[][], seqLen: number): Promise<BatchOutput> {
    const rows = batch.length;
    const n = rows * seqLen;
    const dims = [rows, seqLen];
    const ids = new BigInt64Array(n).fill(BigInt(this.padId));
    const mask = new BigInt64Array(n);
    for (let r = 0; r < rows; r++) {
      const seq = batch[r];
      for (let t = 0; t < seq.length; t++) {
        ids[r * seqLen + t] = BigInt(seq[t]);
        mask[r * seqLen + t] = 1n;
      }
    }
    const feeds: Record<string, WorkerTensor> = {};
    for (const name of this.session.inputNames) {
      const data = name === 'input_ids' ? ids : name === 'attention_mask' ? mask : name === 'token_type_ids' ? new BigInt64Array(n) : positions(rows, seqLen);
      feeds[name] = { type: 'int64', data, dims };
    }
    const out = await this.session.run(feeds, this.output);
    const data = toFloat32(out);
    const d = out.dims;
    if (d.length === 3 && d[0] === rows && d[1] === seqLen) return { kind: 'tokens', data, dim: d[2] };
    if (d.length === 2 && d[0] === rows) return { kind: 'pooled', data, dim: d[1] };
    throw new Error(`output "${this.output}" has shape [${d.join(', ')}], expected [${rows}, ${seqLen}, dim] or [${rows}, dim]`);
  }
}

function positions(rows: number, seqLen: number): BigInt64Array {
  const p = new BigInt64Array(rows * seqLen);
  for (let r = 0; r < rows; r++) for (let t = 0; t < seqLen; t++) p[r * seqLen + t] = BigInt(t);
  return p;
}

function toFloat32(t: WorkerOutput): Float32Array {
  if (t.type === 'float32') return t.data as Float32Array;
  if (t.type === 'float16') return halfToFloat(t.data as Uint16Array);
  throw new Error(`model output has type ${t.type}, expected float32 or float16`);
}
