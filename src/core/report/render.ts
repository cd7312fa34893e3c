import { formatValue, headlineColumns, textTable, valueRow } from './columns';
import { BILINGUAL_TIE_NOTE } from './definitions';
import type { BitextReport, Report } from './schema';

/** The per-language table the CLI prints after `xlens eval`. */
export function renderEvalTable(r: Report): string {
  const cols = ['queries', ...headlineColumns(r.scenario, r.k, r.completeK, r.pivot)];
  const rows = Object.entries(r.byLanguage).map(([lang, v]) => valueRow(lang, v, cols));
  rows.push(valueRow('overall', r.overall, cols));
  const title = `${r.dataset.name} · ${r.scenario}${r.pivot ? ` (pivot ${r.pivot})` : ''} · ${r.model.name} · ${r.retrieval.backend} exact`;
  const geo = ['Uniformity', 'LangSeparability'].filter((k) => r.overall[k] !== undefined).map((k) => `${k} ${formatValue(k, r.overall[k])}`);
  const tie = hasBilingualInclination(r) ? BILINGUAL_TIE_NOTE : '';
  return [title, textTable(['lang', ...cols], rows), geo.length ? geo.join(' · ') : '', tie].filter(Boolean).join('\n');
}

export function renderBitextTable(r: BitextReport): string {
  const cols = ['BitextAcc', 'BitextAcc.reverse', 'BitextAcc.margin', 'xsim', 'Alignment', 'pairs'];
  const rows = Object.entries(r.pairs).map(([pair, v]) => valueRow(pair, v, cols));
  rows.push(valueRow('overall', r.overall, cols));
  const geo = ['Uniformity', 'LangSeparability'].filter((k) => r.overall[k] !== undefined).map((k) => `${k} ${formatValue(k, r.overall[k])}`);
  return [`${r.dataset.name} · bitext · ${r.model.name}`, textTable(['pair', ...cols], rows), geo.join(' · ')].filter(Boolean).join('\n');
}

function mdTable(header: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** `480` when every task has the same pool, else `de+en 480, zh+en 470`. */
function poolSizes(pools: Record<string, number>): string {
  const sizes = new Set(Object.values(pools));
  return sizes.size === 1 ? String([...sizes][0]) : Object.entries(pools).map(([t, n]) => `${t} ${n}`).join(', ');
}

/** A bilingual report showing EIR or SIR: the tie rule must be said beside them. */
export function hasBilingualInclination(r: Report): boolean {
  return r.scenario === 'bilingual' && (r.overall.EIR !== undefined || r.overall.SIR !== undefined);
}

/** Markdown report: headline table, every metric per language, the cross matrix, definitions. */
export function renderEvalMarkdown(r: Report): string {
  const head = ['queries', ...headlineColumns(r.scenario, r.k, r.completeK, r.pivot)];
  const langs = Object.keys(r.byLanguage);
  const all = [...new Set([...Object.keys(r.overall), ...langs.flatMap((l) => Object.keys(r.byLanguage[l]))])];
  const out: string[] = [
    `# XLens report: ${r.dataset.name}, ${r.scenario}`,
    '',
    `- model: \`${r.model.source}\` (dim ${r.model.dim}, fingerprint ${r.model.fingerprint})`,
    `- dataset: ${r.dataset.path} (${r.dataset.format}, ${r.dataset.unit}s; ${r.dataset.queries} queries, ${r.dataset.documents} documents)`,
    `- query languages: ${r.languages.join(', ')}${r.pivot ? `; pivot ${r.pivot}` : ''}`,
    `- retrieval: ${r.retrieval.backend}, ${r.retrieval.exact ? 'exact' : 'approximate'}; xlens ${r.version}, ${r.createdAt}`,
    ...(r.pools ? [`- pool size (documents ranked per query): ${poolSizes(r.pools)}`] : []),
    '',
    '## Headline',
    '',
    mdTable(['lang', ...head], [...langs.map((l) => valueRow(l, r.byLanguage[l], head)), valueRow('overall', r.overall, head)]),
    ...(hasBilingualInclination(r) ? ['', BILINGUAL_TIE_NOTE] : []),
    '',
    '## Every metric',
    '',
    mdTable(['metric', ...langs, 'overall'], all.map((k) => [k, ...langs.map((l) => formatValue(k, r.byLanguage[l][k])), formatValue(k, r.overall[k])])),
  ];
  if (r.matrix) {
    const metric = r.k.includes(10) ? 'nDCG@10' : `nDCG@${r.k[0]}`;
    const targets = Object.keys(r.matrix[langs[0]] ?? {});
    out.push('', `## ${metric}, query language (rows) × document language (columns)`, '');
    out.push(mdTable(['query \\ doc', ...targets], langs.map((l) => [l, ...targets.map((m) => formatValue(metric, r.matrix![l]?.[m]?.[metric]))])));
  }
  if (r.notes.length) out.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  out.push('', '## Definitions', '', ...Object.entries(r.definitions).map(([k, v]) => `- **${k}**: ${v}`), '');
  return out.join('\n');
}
