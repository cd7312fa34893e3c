import * as assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import {
  BERT_OPSET,
  MASK_NEG,
  bertGraph,
  createPrng,
  randomBertWeights,
  type BertConfig,
  type BertWeights,
  type LayerNormWeights,
  type Linear,
} from '../../../src/core/onnx/bertGraph';
import { encodeModel, encodeModelChunks, type GraphSpec } from '../../../src/core/onnx/model';
import { quantizeDynamic, quantizeWeight } from '../../../src/core/onnx/quantize';

// ---------------------------------------------------------------- independent reference (float64)

type Mat = Float64Array[]; // rows

function erf(x: number): number {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), enough against a 1e-4 tolerance.
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

function linear(x: Mat, p: Linear, outDim: number): Mat {
  return x.map((row) => {
    const out = Float64Array.from(p.b);
    for (let i = 0; i < row.length; i++) for (let j = 0; j < outDim; j++) out[j] += row[i] * p.w[i * outDim + j];
    return out;
  });
}

function layerNorm(x: Mat, p: LayerNormWeights, eps: number): Mat {
  return x.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / row.length;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
    return row.map((v, j) => ((v - mean) / Math.sqrt(variance + eps)) * p.gamma[j] + p.beta[j]);
  });
}

const add = (a: Mat, b: Mat): Mat => a.map((r, i) => r.map((v, j) => v + b[i][j]));

/** BERT forward for one sequence, written from the paper/HF definitions, not from the graph. */
function referenceBert(cfg: BertConfig, w: BertWeights, ids: number[], mask: number[], types: number[]): Mat {
  const h = cfg.hidden;
  const dh = h / cfg.heads;
  let x: Mat = ids.map((id, t) => {
    const r = new Float64Array(h);
    for (let j = 0; j < h; j++) r[j] = w.word[id * h + j] + w.position[t * h + j] + w.tokenType[types[t] * h + j];
    return r;
  });
  x = layerNorm(x, w.embLn, cfg.layerNormEps);
  for (const lw of w.layers) {
    const q = linear(x, lw.query, h);
    const k = linear(x, lw.key, h);
    const v = linear(x, lw.value, h);
    const ctx: Mat = x.map(() => new Float64Array(h));
    for (let head = 0; head < cfg.heads; head++) {
      const o = head * dh;
      for (let i = 0; i < ids.length; i++) {
        const scores = ids.map((_, j) => {
          let s = 0;
          for (let d = 0; d < dh; d++) s += q[i][o + d] * k[j][o + d];
          return s / Math.sqrt(dh) + (1 - mask[j]) * MASK_NEG;
        });
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const z = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < ids.length; j++) for (let d = 0; d < dh; d++) ctx[i][o + d] += (e[j] / z) * v[j][o + d];
      }
    }
    x = layerNorm(add(linear(ctx, lw.attnOut, h), x), lw.attnLn, cfg.layerNormEps);
    const ff = linear(x, lw.ffnIn, cfg.intermediate).map((r) => r.map((u) => 0.5 * u * (1 + erf(u / Math.SQRT2))));
    x = layerNorm(add(linear(ff, lw.ffnOut, h), x), lw.outLn, cfg.layerNormEps);
  }
  return x;
}

// ---------------------------------------------------------------- helpers

const cfg: BertConfig = { vocabSize: 60, hidden: 24, layers: 3, heads: 4, intermediate: 40, maxPositions: 16, typeVocabSize: 2, layerNormEps: 1e-12 };

async function run(graph: GraphSpec, ids: number[][], mask: number[][], types: number[][]): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(encodeModel({ graph, opset: BERT_OPSET }));
  const t = (rows: number[][]) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
  const out = await session.run({ input_ids: t(ids), attention_mask: t(mask), token_type_ids: t(types) });
  await session.release();
  const r = out.last_hidden_state;
  return { data: r.data as Float32Array, dims: r.dims };
}

function randomBatch(seed: number, lengths: number[]): { ids: number[][]; mask: number[][]; types: number[][] } {
  const rnd = createPrng(seed);
  const s = Math.max(...lengths);
  const ids = lengths.map((n) => Array.from({ length: s }, (_, t) => (t < n ? 1 + Math.floor(rnd() * (cfg.vocabSize - 1)) : 0)));
  const mask = lengths.map((n) => Array.from({ length: s }, (_, t) => (t < n ? 1 : 0)));
  const types = lengths.map((n) => Array.from({ length: s }, (_, t) => (t >= n / 2 && t < n ? 1 : 0)));
  return { ids, mask, types };
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

// ---------------------------------------------------------------- tests

describe('onnx/bertGraph', () => {
  const weights = randomBertWeights(cfg, 42);
  const graph = bertGraph(cfg, weights);

  it('random weights are deterministic per seed', () => {
    const again = randomBertWeights(cfg, 42);
    assert.deepEqual(again.layers[2].ffnOut.w, weights.layers[2].ffnOut.w);
    assert.notDeepEqual(randomBertWeights(cfg, 43).word, weights.word);
  });

  it('encodeModelChunks holds exactly the bytes of encodeModel', () => {
    const whole = encodeModel({ graph, opset: BERT_OPSET });
    const chunks = encodeModelChunks({ graph, opset: BERT_OPSET });
    assert.deepEqual(Buffer.concat(chunks), Buffer.from(whole));
  });

  it('matches a plain TypeScript BERT forward pass, with padding and token types', async () => {
    const { ids, mask, types } = randomBatch(1, [11, 6, 3]);
    const out = await run(graph, ids, mask, types);
    const s = ids[0].length;
    assert.deepEqual(out.dims, [3, s, cfg.hidden]);
    let maxDiff = 0;
    ids.forEach((row, b) => {
      const n = mask[b].reduce((a, v) => a + v, 0);
      const ref = referenceBert(cfg, weights, row, mask[b], types[b]);
      for (let t = 0; t < n; t++)
        for (let j = 0; j < cfg.hidden; j++) maxDiff = Math.max(maxDiff, Math.abs(ref[t][j] - out.data[(b * s + t) * cfg.hidden + j]));
    });
    console.log(`      max |onnx − reference| = ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 1e-4, `max diff ${maxDiff}`);
  });

  it('padding a sequence does not change its non-pad outputs', async () => {
    const { ids, mask, types } = randomBatch(2, [5]);
    const alone = await run(graph, ids, mask, types);
    const pad = (rows: number[][], v: number) => [[...rows[0], v, v, v, v]];
    const padded = await run(graph, pad(ids, 0), pad(mask, 0), pad(types, 0));
    let maxDiff = 0;
    for (let t = 0; t < 5; t++)
      for (let j = 0; j < cfg.hidden; j++) maxDiff = Math.max(maxDiff, Math.abs(alone.data[t * cfg.hidden + j] - padded.data[t * cfg.hidden + j]));
    assert.ok(maxDiff < 1e-5, `max diff ${maxDiff}`);
    // ...while attending to the same tokens unmasked does change them (the mask is what matters).
    const unmasked = await run(graph, pad(ids, 0), [Array(9).fill(1)], pad(types, 0));
    assert.ok(Math.abs(unmasked.data[0] - alone.data[0]) > 1e-4);
  });

  it('quantizeWeight round-trips within half a step (int8, uint8, per channel)', () => {
    const rnd = createPrng(3);
    const rows = 16;
    const cols = 8;
    const w = Float32Array.from({ length: rows * cols }, (_, i) => (rnd() - 0.3) * (1 + (i % cols)));
    for (const opts of [{}, { weightType: 'uint8' as const }, { perChannel: true }, { weightType: 'uint8' as const, perChannel: true, reduceRange: true }]) {
      const q = quantizeWeight(w, cols, opts);
      for (let i = 0; i < w.length; i++) {
        const c = q.scale.length === 1 ? 0 : i % cols;
        const back = (q.values[i] - q.zeroPoint[c]) * q.scale[c];
        assert.ok(Math.abs(back - w[i]) <= q.scale[c] / 2 + 1e-7, `${JSON.stringify(opts)} at ${i}`);
      }
    }
  });

  it('dynamic quantisation rewrites every MatMul and the word embeddings, and stays close to fp32', async () => {
    const q = quantizeDynamic(graph);
    const count = (g: GraphSpec, op: string) => g.nodes.filter((n) => n.op === op).length;
    assert.equal(count(q, 'MatMulInteger'), 6 * cfg.layers);
    assert.equal(count(q, 'DynamicQuantizeLinear'), 4 * cfg.layers); // Q, K and V share one
    assert.equal(count(q, 'MatMul'), 2 * cfg.layers); // only the activation×activation ones remain
    assert.equal(count(q, 'DequantizeLinear'), 2); // word and token-type tables
    assert.ok(!(q.initializers ?? []).some((t) => t.name === 'embeddings.word_embeddings.weight'));

    const { ids, mask, types } = randomBatch(4, [12, 7]);
    const f = await run(graph, ids, mask, types);
    let minCos = 1;
    for (const opts of [{}, { perChannel: true }, { weightType: 'uint8' as const }]) {
      const r = await run(quantizeDynamic(graph, opts), ids, mask, types);
      for (let t = 0; t < 7; t++) {
        const at = (d: Float32Array) => d.subarray(t * cfg.hidden, (t + 1) * cfg.hidden);
        minCos = Math.min(minCos, cosine(at(f.data), at(r.data)));
      }
    }
    console.log(`      min per-token cosine q8 vs fp32 = ${minCos.toFixed(5)}`);
    assert.ok(minCos > 0.99, `min cosine ${minCos}`);
  });
});
