import { formatValue } from './columns';
import { toCsv } from './csv';
import type { BitextFigures } from './bitextFigures';
import type { BitextReport } from './schema';

const PAIR_COLUMNS = ['BitextAcc', 'BitextAcc.reverse', 'BitextAcc.margin', 'BitextAcc.margin.reverse', 'xsim', 'xsim.reverse', 'Alignment', 'pairs'];

/** Markdown-safe cell: pipes escaped, line breaks and HTML-significant characters neutralised. */
function md(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Bitext report as Markdown: pairs with language names, per-language means, worst misses, definitions. */
export function renderBitextMarkdown(r: BitextReport, f: BitextFigures): string {
  const name = new Map(f.languages.map((l) => [l.code, l.display]));
  const cols = PAIR_COLUMNS.filter((c) => Object.values(r.pairs).some((v) => c in v));
  const pairRows = Object.entries(r.pairs).map(([pair, v]) => {
    const cell = f.cells.find((c) => c.pair === pair)!;
    return [md(pair), md(`${name.get(cell.source) ?? cell.source} → ${name.get(cell.target) ?? cell.target}`), ...cols.map((c) => formatValue(c, v[c]))];
  });
  const bars = f.bars.map((b) => [md(b.code), md(name.get(b.code) ?? b.code), formatValue('x', b.asSource), formatValue('x', b.asTarget)]);
  const misses = f.misses.map((m) => [
    md(m.pair),
    m.direction,
    md(m.sentence.text),
    `${m.rank} / ${m.candidates}`,
    md(m.translation.text),
    m.translation.score.toFixed(3),
    md(m.neighbour.text),
    m.neighbour.score.toFixed(3),
  ]);
  const geo = ['Uniformity', 'LangSeparability'].filter((k) => r.overall[k] !== undefined).map((k) => `${k} ${formatValue(k, r.overall[k])}`);
  return [
    `# Bitext mining: ${md(r.dataset.name)} · ${md(r.model.name)}`,
    '',
    f.note,
    '',
    `Overall (macro over pairs): BitextAcc ${formatValue('BitextAcc', r.overall.BitextAcc)}, reverse ${formatValue('x', r.overall['BitextAcc.reverse'])}, margin ${formatValue('x', r.overall['BitextAcc.margin'])}${geo.length ? ` · ${geo.join(' · ')}` : ''}.`,
    '',
    '## Pairs',
    '',
    table(['pair', 'languages', ...cols], pairRows),
    '',
    '## Per language (mean accuracy over the mined directions)',
    '',
    table(['code', 'language', 'as source', 'as target'], bars),
    '',
    `## Worst misses (${f.misses.length} of ${f.missesTotal})`,
    '',
    table(['pair', 'direction', 'sentence', 'rank of translation', 'translation', 'cos', 'nearest neighbour (wrong)', 'cos'], misses),
    '',
    '## Definitions',
    '',
    ...Object.entries(r.definitions).map(([k, v]) => `- **${md(k)}**: ${md(v)}`),
    '',
  ].join('\n');
}

/** One CSV record per pair and direction (RFC 4180, see csv.ts). */
export function bitextCsv(f: BitextFigures): string {
  const name = new Map(f.languages.map((l) => [l.code, l.name]));
  return toCsv([
    ['pair', 'source', 'source_name', 'target', 'target_name', 'accuracy', 'margin_accuracy', 'sentences'],
    ...f.cells.map((c) => [c.pair, c.source, name.get(c.source), c.target, name.get(c.target), c.accuracy, c.margin, c.sentences]),
  ]);
}
