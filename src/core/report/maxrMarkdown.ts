import { formatValue } from './columns';
import type { MaxrFigures } from './maxrFigures';
import { BILINGUAL_TIE_NOTE } from './definitions';
import { hasBilingualInclination, renderEvalMarkdown } from './render';
import type { Report } from './schema';

/** K values listed in the Markdown curve table (the SVG in the panel draws every K). */
const CURVE_TABLE_K = [1, 2, 3, 5, 10, 20, 50, 100];

function mdTable(header: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** The Max@R columns a report has, in reading order. */
export function maxrColumns(r: Report): string[] {
  const has = (k: string) => r.overall[k] !== undefined || Object.values(r.byLanguage).some((v) => v[k] !== undefined);
  const cols = ['Max@R', 'Max@R.median', 'Max@R.censored', 'nMax@R', ...r.completeK.map((K) => `Complete@${K}`), 'EIR', 'EIR.count', 'SIR', 'SIR.count'];
  return ['queries', ...cols.filter(has)];
}

/** `## Max@R` section: per-language table, Complete@K curve points and the MaxRank histogram. */
export function renderMaxrSection(r: Report, f: MaxrFigures): string {
  const cols = maxrColumns(r);
  const langs = Object.keys(r.byLanguage);
  const out = [
    '## Max@R',
    '',
    mdTable(['lang', ...cols], [...langs.map((l) => [l, ...cols.map((c) => formatValue(c, r.byLanguage[l][c]))]), ['overall', ...cols.map((c) => formatValue(c, r.overall[c]))]]),
    ...(hasBilingualInclination(r) ? ['', BILINGUAL_TIE_NOTE] : []),
  ];
  const first = f.series[0];
  if (first && first.curve.k.length) {
    const ks = f.source === 'perQuery' ? CURVE_TABLE_K.filter((K) => first.curve.k.includes(K)) : first.curve.k;
    const at = (s: MaxrFigures['series'][number], K: number) => {
      const i = s.curve.k.indexOf(K);
      return i < 0 ? '–' : s.curve.complete[i].toFixed(3);
    };
    out.push('', `### Complete@K${f.poolSize ? ` (pool of ${f.poolSize} documents)` : ''}`, '');
    out.push(mdTable(['lang', ...ks.map((K) => `K=${K}`)], f.series.map((s) => [s.lang, ...ks.map((K) => at(s, K))])));
  }
  if (first && first.histogram.length) {
    out.push('', '### MaxRank histogram (all queries)', '');
    out.push(mdTable(['MaxRank', 'queries'], first.histogram.map((b) => [b.lo === b.hi ? String(b.lo) : `${b.lo}–${b.hi}`, String(b.count)])));
  }
  return out.join('\n');
}

/** The full Markdown report with the Max@R section placed before the definitions. */
export function renderMaxrMarkdown(r: Report, f: MaxrFigures): string {
  const base = renderEvalMarkdown(r);
  const section = renderMaxrSection(r, f);
  const at = base.indexOf('\n## Definitions');
  return at < 0 ? `${base}\n${section}\n` : `${base.slice(0, at)}\n${section}\n${base.slice(at)}`;
}
