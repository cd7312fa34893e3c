import { floatTensor, encodeModel } from '../../onnx/model';
import { concatBytes, type Field, fieldString, lengthDelimited, readFields } from './protoReader';

/**
 * Append a linear adapter to an ONNX embedding model: every embedding output the feature-
 * extraction pipelines read (`last_hidden_state`, `token_embeddings`, `sentence_embedding(s)`)
 * becomes `MatMul(original, Wᵀ)` under its original name. For token outputs this puts W on every
 * token vector, which is the same as putting it after pooling: mean and CLS pooling are linear,
 * so pool(H Wᵀ) = W · pool(H), and the usual L2 normalisation afterwards gives exactly
 * normalise(W · normalise(pool(H))), the checkpoint's output. The model keeps its inputs, outputs
 * and shapes, so any runtime loads it like the base model.
 */
const EMBEDDING_OUTPUTS = ['last_hidden_state', 'token_embeddings', 'sentence_embedding', 'sentence_embeddings'];
const MODEL_GRAPH = 7;
const GRAPH = { node: 1, initializer: 5, output: 12, valueInfo: 13 } as const;
const NODE = { input: 1, output: 2 } as const;

export interface AppendResult {
  bytes: Uint8Array;
  /** The outputs that now carry the adapter. */
  outputs: string[];
}

/** `W` is d×d row-major (y = W x); the model's embedding outputs must have d as their last dimension. */
export function appendAdapter(model: Uint8Array, W: Float32Array, dim: number): AppendResult {
  const fields = readFields(model);
  const graphs = fields.filter((f) => f.field === MODEL_GRAPH);
  if (graphs.length !== 1) throw new Error(`expected one graph in the ONNX model, found ${graphs.length}`);
  const graph = readFields(graphs[0].payload!);
  const outputs = graph.filter((f) => f.field === GRAPH.output).map((f) => valueName(f));
  const targets = outputs.filter((n) => EMBEDDING_OUTPUTS.includes(n));
  if (targets.length === 0) throw new Error(`the model has none of the embedding outputs ${EMBEDDING_OUTPUTS.join(', ')} (it has ${outputs.join(', ')})`);
  const renamed = new Map(targets.map((t) => [t, `${t}/xlens_base`]));

  const Wt = new Float32Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) Wt[j * dim + i] = W[i * dim + j];
  // The new node and initializer, encoded by the ONNX writer in a throw-away graph.
  const extra = readFields(
    readFields(
      encodeModel({
        graph: {
          name: 'xlens_adapter',
          nodes: targets.map((t) => ({ op: 'MatMul', inputs: [renamed.get(t)!, 'xlens_adapter/weight_t'], outputs: [t], name: `/xlens_adapter/${t}/MatMul` })),
          inputs: [],
          outputs: [],
          initializers: [floatTensor('xlens_adapter/weight_t', [dim, dim], Wt)],
        },
      }),
    ).find((f) => f.field === MODEL_GRAPH)!.payload!,
  ).filter((f) => f.field === GRAPH.node || f.field === GRAPH.initializer);

  const parts = graph.map((f) => {
    if (f.field === GRAPH.node) return lengthDelimited(GRAPH.node, renameInNode(f.payload!, renamed));
    if (f.field === GRAPH.valueInfo && renamed.has(valueName(f))) return lengthDelimited(GRAPH.valueInfo, renameValue(f.payload!, renamed.get(valueName(f))!));
    return f.raw;
  });
  const newGraph = concatBytes([...parts, ...extra.map((f) => f.raw)]);
  const bytes = concatBytes(fields.map((f) => (f.field === MODEL_GRAPH ? lengthDelimited(MODEL_GRAPH, newGraph) : f.raw)));
  return { bytes, outputs: targets };
}

function valueName(f: Field): string {
  const name = readFields(f.payload!).find((x) => x.field === 1);
  return name ? fieldString(name) : '';
}

function renameInNode(node: Uint8Array, renamed: Map<string, string>): Uint8Array {
  return concatBytes(
    readFields(node).map((f) => {
      if ((f.field === NODE.input || f.field === NODE.output) && f.wire === 2) {
        const to = renamed.get(fieldString(f));
        if (to !== undefined) return lengthDelimited(f.field, new TextEncoder().encode(to));
      }
      return f.raw;
    }),
  );
}

function renameValue(value: Uint8Array, to: string): Uint8Array {
  return concatBytes(readFields(value).map((f) => (f.field === 1 ? lengthDelimited(1, new TextEncoder().encode(to)) : f.raw)));
}
