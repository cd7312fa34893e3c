import type { RemoteOptions } from './remoteOptions';
import { numberRows, type RemoteProtocol } from './remoteEncoder';

/**
 * Hugging Face text-embeddings-inference: POST `{base}/embed` with `{inputs: [...], truncate}`;
 * the answer is the vectors, one array per input. TEI's own batch limit
 * (`--max-client-batch-size`, 32 by default) bounds `batch`.
 */
export function teiProtocol(baseUrl: string): RemoteProtocol {
  return {
    kind: 'tei',
    url: `${baseUrl}/embed`,
    body: (inputs: string[], o: RemoteOptions) => ({ inputs, truncate: o.truncate }),
    vectors: (answer: unknown, n: number) => numberRows(answer, n, 'the answer'),
  };
}
