import { DataType, floatTensorView, int64Tensor, type GraphSpec, type NodeSpec, type TensorInit } from './model';
import { rng } from '../metrics/stats';

/**
 * A BERT encoder (HF `BertModel` without pooler) as an ONNX graph, with the same inputs and output
 * as a transformers.js feature-extraction export. Used to generate test and benchmark models with
 * seeded random weights, since real weights cannot be downloaded here.
 */
export interface BertConfig {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
}

/** `w` is [in, out] row-major (the transpose of a torch Linear weight), so y = x·w + b. */
export interface Linear {
  w: Float32Array;
  b: Float32Array;
}

export interface LayerNormWeights {
  gamma: Float32Array;
  beta: Float32Array;
}

export interface BertLayerWeights {
  query: Linear;
  key: Linear;
  value: Linear;
  attnOut: Linear;
  attnLn: LayerNormWeights;
  ffnIn: Linear;
  ffnOut: Linear;
  outLn: LayerNormWeights;
}

export interface BertWeights {
  /** [vocabSize, hidden] */
  word: Float32Array;
  /** [maxPositions, hidden] */
  position: Float32Array;
  /** [typeVocabSize, hidden] */
  tokenType: Float32Array;
  embLn: LayerNormWeights;
  layers: BertLayerWeights[];
}

export const BERT_OPSET = 17; // LayerNormalization needs opset 17

/** Extended-mask value added to the scores of padded keys (as in the classic BERT exports). */
export const MASK_NEG = -10000;

/** mulberry32 (the engine's one seeded generator), uniform in [0, 1). */
export const createPrng = rng;

/**
 * Seeded random weights. Uniform values (cheap, bounded) with std 1/sqrt(fan_in) for the
 * projections, so attention scores and FFN activations stay O(1) through any number of layers
 * (post-LayerNorm); word embeddings dominate position/type ones so tokens stay distinguishable.
 */
export function randomBertWeights(cfg: BertConfig, seed: number): BertWeights {
  const rnd = createPrng(seed);
  const uniform = (n: number, std: number, mean = 0): Float32Array => {
    const a = std * Math.sqrt(3);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + (2 * rnd() - 1) * a;
    return out;
  };
  const linear = (inDim: number, outDim: number): Linear => ({
    w: uniform(inDim * outDim, 1 / Math.sqrt(inDim)),
    b: uniform(outDim, 0.02),
  });
  const ln = (): LayerNormWeights => ({ gamma: uniform(cfg.hidden, 0.05, 1), beta: uniform(cfg.hidden, 0.02) });
  const { hidden: h, intermediate: f } = cfg;
  const word = uniform(cfg.vocabSize * h, 0.5);
  const position = uniform(cfg.maxPositions * h, 0.1);
  const tokenType = uniform(cfg.typeVocabSize * h, 0.1);
  const embLn = ln();
  const layers: BertLayerWeights[] = [];
  for (let l = 0; l < cfg.layers; l++) {
    layers.push({
      query: linear(h, h),
      key: linear(h, h),
      value: linear(h, h),
      attnOut: linear(h, h),
      attnLn: ln(),
      ffnIn: linear(h, f),
      ffnOut: linear(f, h),
      outLn: ln(),
    });
  }
  return { word, position, tokenType, embLn, layers };
}

/** Collects nodes and initializers; tensors reference the weight arrays (no copies). */
class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorInit[] = [];

  node(op: string, inputs: string[], output: string, attrs?: NodeSpec['attrs']): string {
    this.nodes.push({ op, inputs, outputs: [output], name: `/${output}/${op}`, attrs });
    return output;
  }

  float(name: string, dims: number[], values: Float32Array): string {
    this.initializers.push(floatTensorView(name, dims, values));
    return name;
  }

  scalar(name: string, value: number): string {
    return this.float(name, [], Float32Array.of(value));
  }

  ints(name: string, values: number[]): string {
    this.initializers.push(int64Tensor(name, [values.length], values));
    return name;
  }
}

export function bertGraph(cfg: BertConfig, w: BertWeights, name = 'bert'): GraphSpec {
  const { hidden: h, heads, intermediate: f } = cfg;
  if (h % heads !== 0) throw new Error(`hidden ${h} is not divisible by heads ${heads}`);
  const dh = h / heads;
  const g = new GraphBuilder();

  const layerNorm = (x: string, p: LayerNormWeights, prefix: string, out: string): string =>
    g.node(
      'LayerNormalization',
      [x, g.float(`${prefix}.weight`, [h], p.gamma), g.float(`${prefix}.bias`, [h], p.beta)],
      out,
      { axis: -1, epsilon: { kind: 'float', value: cfg.layerNormEps } },
    );
  const dense = (x: string, p: Linear, inDim: number, outDim: number, prefix: string): string => {
    const mm = g.node('MatMul', [x, g.float(`${prefix}.weight_t`, [inDim, outDim], p.w)], `${prefix}/MatMul_out`);
    return g.node('Add', [mm, g.float(`${prefix}.bias`, [outDim], p.b)], `${prefix}/Add_out`);
  };

  // Embeddings: word + position (rows 0..seq-1) + token type, then LayerNorm.
  const wordE = g.node('Gather', [g.float('embeddings.word_embeddings.weight', [cfg.vocabSize, h], w.word), 'input_ids'], 'emb/word');
  const seqLen = g.node('Shape', ['input_ids'], 'emb/seq_len', { start: 1, end: 2 });
  const posTable = g.float('embeddings.position_embeddings.weight', [cfg.maxPositions, h], w.position);
  const posE = g.node('Slice', [posTable, g.ints('const_zero_1d', [0]), seqLen, g.ints('const_zero_axis', [0])], 'emb/position');
  const typeE = g.node('Gather', [g.float('embeddings.token_type_embeddings.weight', [cfg.typeVocabSize, h], w.tokenType), 'token_type_ids'], 'emb/type');
  const embSum = g.node('Add', [g.node('Add', [wordE, typeE], 'emb/word_type'), posE], 'emb/sum');
  let x = layerNorm(embSum, w.embLn, 'embeddings.LayerNorm', 'emb/ln');

  // Extended attention mask [b,1,1,s]: 0 for tokens, MASK_NEG for padding.
  const maskF = g.node('Cast', ['attention_mask'], 'mask/float', { to: DataType.FLOAT });
  const mask4 = g.node('Unsqueeze', [maskF, g.ints('const_mask_axes', [1, 2])], 'mask/unsqueeze');
  const inv = g.node('Sub', [g.scalar('const_one', 1), mask4], 'mask/inverted');
  const maskBias = g.node('Mul', [inv, g.scalar('const_mask_neg', MASK_NEG)], 'mask/bias');

  const headsShape = g.ints('const_heads_shape', [0, 0, heads, dh]);
  const hiddenShape = g.ints('const_hidden_shape', [0, 0, h]);
  const sqrtDh = g.scalar('const_sqrt_head_dim', Math.sqrt(dh));
  const sqrt2 = g.scalar('const_sqrt2', Math.SQRT2);
  const half = g.scalar('const_half', 0.5);
  const one = 'const_one';

  w.layers.forEach((lw, l) => {
    const p = `encoder.layer.${l}`;
    const split = (t: string, perm: number[], tag: string): string =>
      g.node('Transpose', [g.node('Reshape', [t, headsShape], `${p}/${tag}/heads`)], `${p}/${tag}/transposed`, { perm });
    const q = split(dense(x, lw.query, h, h, `${p}.attention.self.query`), [0, 2, 1, 3], 'q');
    const k = split(dense(x, lw.key, h, h, `${p}.attention.self.key`), [0, 2, 3, 1], 'k');
    const v = split(dense(x, lw.value, h, h, `${p}.attention.self.value`), [0, 2, 1, 3], 'v');
    const scores = g.node('Div', [g.node('MatMul', [q, k], `${p}/scores_raw`), sqrtDh], `${p}/scores_scaled`);
    const probs = g.node('Softmax', [g.node('Add', [scores, maskBias], `${p}/scores_masked`)], `${p}/probs`, { axis: -1 });
    const ctx = g.node('MatMul', [probs, v], `${p}/context_heads`);
    const ctxT = g.node('Transpose', [ctx], `${p}/context_t`, { perm: [0, 2, 1, 3] });
    const ctxH = g.node('Reshape', [ctxT, hiddenShape], `${p}/context`);
    const attn = dense(ctxH, lw.attnOut, h, h, `${p}.attention.output.dense`);
    x = layerNorm(g.node('Add', [attn, x], `${p}/attn_residual`), lw.attnLn, `${p}.attention.output.LayerNorm`, `${p}/attn_ln`);

    // GELU, exact (Erf) form as in HF exports: 0.5·x·(1 + erf(x/√2)).
    const ff = dense(x, lw.ffnIn, h, f, `${p}.intermediate.dense`);
    const erf = g.node('Erf', [g.node('Div', [ff, sqrt2], `${p}/gelu_div`)], `${p}/gelu_erf`);
    const gate = g.node('Mul', [ff, g.node('Add', [erf, one], `${p}/gelu_add`)], `${p}/gelu_mul`);
    const gelu = g.node('Mul', [gate, half], `${p}/gelu`);
    const out = dense(gelu, lw.ffnOut, f, h, `${p}.output.dense`);
    const last = l === w.layers.length - 1;
    x = layerNorm(g.node('Add', [out, x], `${p}/ffn_residual`), lw.outLn, `${p}.output.LayerNorm`, last ? 'last_hidden_state' : `${p}/out_ln`);
  });
  if (w.layers.length === 0) x = g.node('Identity', [x], 'last_hidden_state');

  const ids = (n: string) => ({ name: n, type: DataType.INT64, shape: ['batch_size', 'sequence_length'] });
  return {
    name,
    nodes: g.nodes,
    inputs: [ids('input_ids'), ids('attention_mask'), ids('token_type_ids')],
    outputs: [{ name: 'last_hidden_state', type: DataType.FLOAT, shape: ['batch_size', 'sequence_length', h] }],
    initializers: g.initializers,
  };
}
