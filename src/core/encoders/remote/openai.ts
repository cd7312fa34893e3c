import type { RemoteOptions } from './remoteOptions';
import { numberRows, type RemoteProtocol } from './remoteEncoder';

/**
 * OpenAI-compatible embeddings (OpenAI, vLLM, Infinity, Ollama, LiteLLM...): POST
 * `{base}/v1/embeddings` (or `{base}/embeddings` when the base already ends in /v1) with
 * `{model, input: [...]}`; the answer's `data[].embedding`, ordered by `data[].index`.
 */
export function openaiProtocol(baseUrl: string, model: string): RemoteProtocol {
  const url = /\/v\d+$/.test(baseUrl) ? `${baseUrl}/embeddings` : `${baseUrl}/v1/embeddings`;
  return {
    kind: 'openai',
    url,
    model,
    body: (inputs: string[], _o: RemoteOptions) => ({ model, input: inputs, encoding_format: 'float' }),
    vectors(answer: unknown, n: number) {
      const data = (answer as { data?: unknown } | null)?.data;
      if (!Array.isArray(data)) return 'no "data" array';
      const rows = data.map((d: unknown, i) => {
        const r = (d ?? {}) as { embedding?: unknown; index?: unknown };
        return { index: typeof r.index === 'number' ? r.index : i, embedding: r.embedding };
      });
      rows.sort((a, b) => a.index - b.index);
      return numberRows(rows.map((r) => r.embedding), n, 'data[].embedding');
    },
  };
}
