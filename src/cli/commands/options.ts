import type { FormatId } from '../../core/data/corpus';
import { UserError } from '../../core/errors';
import type { RetrievalBackend } from '../../core/retrieval';

const FORMATS: readonly FormatId[] = ['xquad', 'xquad-r', 'flores', 'sib200', 'tatoeba', 'belebele', 'jsonl', 'csv', 'tsv', 'beir', 'mteb', 'trec', 'mlqa'];
const BACKENDS: readonly RetrievalBackend[] = ['auto', 'ort', 'ts'];

export function parseFormat(s: string | undefined): FormatId | undefined {
  if (s === undefined) return undefined;
  const f = FORMATS.find((x) => x === s);
  if (!f) throw new UserError(`--format must be one of ${FORMATS.join(', ')}, not "${s}"`);
  return f;
}

export function parseBackend(s: string | undefined): RetrievalBackend {
  if (s === undefined) return 'auto';
  const b = BACKENDS.find((x) => x === s);
  if (!b) throw new UserError(`--backend must be one of ${BACKENDS.join(', ')}, not "${s}"`);
  return b;
}
