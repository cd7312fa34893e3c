import type { Inspection } from './inspect';
import type { Distribution } from './types';

/** Every flag with its language and source location (what `xlens inspect --json` lists). */
export function flagList(ins: Inspection): Array<{ kind: string; lang: string; row: number; file?: string; line?: number; detail: string }> {
  return ins.issues.map((i) => {
    const u = ins.table.units[i.unit];
    return { kind: i.kind, lang: u.lang, row: ins.table.rowOf[i.unit] + 1, file: u.source?.file, line: u.source?.line, detail: i.detail };
  });
}

const d = (x: Distribution | undefined) => (x ? `${Math.round(x.median)}/${Math.round(x.p95)}/${Math.round(x.max)}` : '–');

/** The inspector's statistics as plain text: a table per language, flag counts, the first flags. */
export function renderInspection(ins: Inspection, maxFlags = 20): string {
  const s = ins.summary;
  const lc = ins.languageCheck;
  const tok = s.tokenizer;
  const lines = [
    `${s.name} (${s.format}): ${s.rows} rows, ${s.languages.length} languages, ${s.units} texts; ${s.flaggedRows} flagged rows; ${s.skipped.count} skipped inputs`,
    tok.kind === 'model' ? `tokens: tokenizer of ${tok.model}, max length ${tok.maxLength}${tok.method ? `; counted ${tok.method}` : ''}` : `tokens: none (${tok.reason})`,
    lc ? `language check: ${lc.identifier}, threshold ${lc.threshold}: ${lc.totals.checked} checked, ${lc.totals.agree} agree, ${lc.totals.flagged} flagged, ${lc.totals.undecided} undecided, ${lc.totals.notChecked} not checked` : 'language check: not run',
    '',
  ];
  const checks = new Map((lc?.perLanguage ?? []).map((c) => [c.code, c]));
  const head = ['lang', 'texts', 'missing', 'chars med/p95/max', 'words med/p95/max', ...(tok.kind === 'model' ? ['tokens med/p95/max', 'truncated'] : []), 'flags', 'language check'];
  const rows = s.perLanguage.map((l) => {
    const c = checks.get(l.code);
    return [
      l.code, String(l.units), String(l.missing), d(l.chars), d(l.words),
      ...(tok.kind === 'model' ? [d(l.tokens), `${l.truncated ?? 0} (${l.units ? ((100 * (l.truncated ?? 0)) / l.units).toFixed(1) : '0.0'}%)`] : []),
      Object.entries(l.issues).map(([k, n]) => `${k} ${n}`).join(', ') || '-',
      !c ? '-' : c.supported ? `${c.agree} agree, ${c.flagged} flagged, ${c.undecided} undecided` : 'not checked',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  lines.push(fmt(head), ...rows.map(fmt), '');
  lines.push(`flags: ${Object.entries(s.issues).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const flags = flagList(ins);
  for (const f of flags.slice(0, maxFlags)) lines.push(`  ${f.file ?? '?'}${f.line !== undefined ? `:${f.line}` : ''}: ${f.kind} (${f.lang}): ${f.detail}`);
  if (flags.length > maxFlags) lines.push(`  ... and ${flags.length - maxFlags} more (--json lists them all)`);
  return lines.join('\n');
}
