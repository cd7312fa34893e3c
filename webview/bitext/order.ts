import type { BitextFigures, BitextSort, LanguageDisplay } from '../../src/protocol';

/** A row of the heatmap: a language, or the header of a script group. */
export type HeatRow = { kind: 'lang'; lang: LanguageDisplay } | { kind: 'group'; script: string; label: string; count: number };

/** Languages matching the filter (code, corpus spelling, name or script; case-insensitive). */
export function filterLanguages(langs: LanguageDisplay[], filter: string): LanguageDisplay[] {
  const q = filter.trim().toLowerCase();
  if (!q) return langs;
  return langs.filter((l) => [l.code, l.label, l.name, l.script, l.scriptName].some((s) => s.toLowerCase().includes(q)));
}

/** Sorted languages: corpus order, by name, or by mean accuracy as source (best first; no value last). */
export function sortLanguages(langs: LanguageDisplay[], sort: BitextSort, f: BitextFigures): LanguageDisplay[] {
  if (sort === 'corpus') return [...langs];
  if (sort === 'name') return [...langs].sort((a, b) => a.name.localeCompare(b.name, 'en') || a.label.localeCompare(b.label));
  const mean = new Map(f.bars.map((b) => [b.code, b.asSource]));
  const key = (l: LanguageDisplay) => (Number.isFinite(mean.get(l.code)) ? mean.get(l.code)! : -Infinity);
  return [...langs].sort((a, b) => key(b) - key(a) || a.label.localeCompare(b.label));
}

/** Rows in display order; with grouping, languages are grouped by script (groups by name), each under a header row. */
export function heatRows(langs: LanguageDisplay[], group: boolean): HeatRow[] {
  if (!group) return langs.map((lang) => ({ kind: 'lang', lang }));
  const groups = new Map<string, LanguageDisplay[]>();
  for (const l of langs) groups.set(l.script, [...(groups.get(l.script) ?? []), l]);
  const names = [...groups.keys()].sort((a, b) => groups.get(a)![0].scriptName.localeCompare(groups.get(b)![0].scriptName, 'en'));
  return names.flatMap((s): HeatRow[] => {
    const ls = groups.get(s)!;
    return [{ kind: 'group', script: s, label: `${ls[0].scriptName} (${s})`, count: ls.length }, ...ls.map((lang): HeatRow => ({ kind: 'lang', lang }))];
  });
}
