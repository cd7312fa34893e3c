import type { BitextFigures } from './bitextFigures';
import { formatValue, textTable } from './columns';
import { toCsv } from './csv';
import type { BitextReport } from './schema';

/** The figure a bitext matrix holds: plain top-1 accuracy or with ratio-margin scoring. */
export type BitextMatrixMetric = 'accuracy' | 'margin';

/**
 * Bitext mining accuracy as a square matrix: row = source language (its sentences are the
 * queries), column = target language (searched among its sentences). `null` on the diagonal and
 * for directions that were not mined (a pivot-centred run mines only the pivot's row and
 * column) or have no sentences: shown as "–", never as a number.
 */
export interface BitextMatrix {
  metric: BitextMatrixMetric;
  pivot: string;
  /** Which pairs were mined: `all` = every ordered pair, `pivot` = each language with the pivot. */
  pairs: 'pivot' | 'all';
  /** Row and column order (the corpus's), with English names. */
  languages: Array<{ code: string; name: string }>;
  values: Array<Array<number | null>>;
  /** Sentences per mined pair (the same in both directions); null where not mined. */
  sentences: Array<Array<number | null>>;
  definition: string;
}

export function bitextMatrix(r: BitextReport, f: BitextFigures, metric: BitextMatrixMetric = 'accuracy'): BitextMatrix {
  const index = new Map(f.languages.map((l, i) => [l.code, i]));
  const n = f.languages.length;
  const values: Array<Array<number | null>> = Array.from({ length: n }, () => Array<number | null>(n).fill(null));
  const sentences: Array<Array<number | null>> = Array.from({ length: n }, () => Array<number | null>(n).fill(null));
  for (const c of f.cells) {
    const i = index.get(c.source);
    const j = index.get(c.target);
    if (i === undefined || j === undefined) continue;
    const v = metric === 'margin' ? c.margin : c.accuracy;
    values[i][j] = v !== undefined && Number.isFinite(v) ? v : null;
    sentences[i][j] = c.sentences;
  }
  const key = metric === 'margin' ? 'BitextAcc.margin' : 'BitextAcc';
  return {
    metric,
    pivot: f.pivot,
    pairs: f.matrix,
    languages: f.languages.map((l) => ({ code: l.code, name: l.name })),
    values,
    sentences,
    definition: `${r.definitions[key] ?? key} Row = source language (queries), column = target language (searched); "–" (null in JSON) = not mined.`,
  };
}

/** Markdown-safe cell (names and codes come from the corpus's folder names). */
function md(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function bitextMatrixMarkdown(m: BitextMatrix, title: string): string {
  const codes = m.languages.map((l) => md(l.code));
  const rows = m.languages.map((l, i) => [`**${md(l.code)}**`, md(l.name), ...m.values[i].map((v) => formatValue('BitextAcc', v ?? undefined))]);
  return [
    `# ${md(title)}`,
    '',
    `${m.metric === 'margin' ? 'Margin-scored b' : 'B'}itext accuracy, source (rows) → target (columns); ${m.pairs === 'all' ? `every ordered pair of ${m.languages.length} languages` : `pivot-centred (${md(m.pivot)} row and column only)`}.`,
    '',
    `| source \\ target | language | ${codes.join(' | ')} |`,
    `| --- | --- |${codes.map(() => ' ---: ').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    md(m.definition),
    '',
  ].join('\n');
}

/** RFC 4180: `source,source_name,<target codes>`; empty cells where not mined. */
export function bitextMatrixCsv(m: BitextMatrix): string {
  return toCsv([
    ['source', 'source_name', ...m.languages.map((l) => l.code)],
    ...m.languages.map((l, i) => [l.code, l.name, ...m.values[i].map((v) => v ?? undefined)]),
  ]);
}

/** The matrix as JSON, one line per row (a 204×204 matrix stays readable). */
export function bitextMatrixJson(m: BitextMatrix): string {
  const { values, sentences, ...head } = m;
  const rows = (a: Array<Array<number | null>>) => `[\n${a.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n ]`;
  return `${JSON.stringify(head, null, 1).replace(/\n}$/, '')},\n "values": ${rows(values)},\n "sentences": ${rows(sentences)}\n}\n`;
}

/** Plain-text matrix for the terminal: codes as row and column heads. */
export function bitextMatrixText(m: BitextMatrix): string {
  const codes = m.languages.map((l) => l.code);
  const rows = m.languages.map((l, i) => [l.code, ...m.values[i].map((v) => formatValue('BitextAcc', v ?? undefined))]);
  return textTable(['src\\tgt', ...codes], rows);
}
