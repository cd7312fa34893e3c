import type { Distribution, InspectorData, IssueKind, LanguageCheckStats, LanguageStats } from '../../src/protocol';
import { el } from '../common/dom';

export const KIND_LABELS: Record<IssueKind, string> = {
  empty: 'Empty',
  nonText: 'No letters',
  duplicate: 'Duplicates',
  copy: 'Untranslated copies',
  lengthRatio: 'Extreme length ratio',
  language: 'Language mismatch',
};

const int = (n: number | undefined) => (n === undefined ? '–' : Math.round(n).toLocaleString('en'));
const one = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(1));
const pct = (k: number, n: number) => (n === 0 ? '–' : `${((100 * k) / n).toFixed(1)} %`);

function card(name: string, value: string, note: string, key: string): HTMLElement {
  return el('div', { className: 'card', attrs: { 'data-key': key } }, [el('div', { className: 'card-value', text: value }), el('div', { className: 'card-name', text: name }), el('div', { className: 'card-note muted', text: note })]);
}

/** Headline figures: rows, texts, flagged rows, skipped inputs, language check. */
export function headline(d: InspectorData): HTMLElement {
  const s = d.summary;
  const lc = d.languageCheck;
  return el('div', { className: 'cards ins-cards' }, [
    card('Rows', int(s.rows), `${s.languages.length} languages · ${int(s.units)} texts`, 'rows'),
    card('Flagged rows', int(s.flaggedRows), pct(s.flaggedRows, s.rows) + ' of rows', 'flagged'),
    card('Skipped inputs', int(s.skipped.count), 'lines the loader could not use', 'skipped'),
    card('Language check', d.checking ? '…' : lc ? int(lc.totals.flagged) : '–', d.checking ? 'running' : lc ? `flagged of ${int(lc.totals.checked)} checked · ${int(lc.totals.notChecked)} not checked` : 'not available', 'language'),
  ]);
}

const dist = (d: Distribution | undefined, what: 'median' | 'p95' | 'mean' | 'max') => (d ? (what === 'mean' ? one(d.mean) : int(d[what])) : '–');

/** Per-language table: lengths, tokens and truncation, flags, declared-vs-detected language. */
export function languageTable(d: InspectorData): HTMLElement {
  const s = d.summary;
  const tokens = s.tokenizer.kind === 'model';
  const checks = new Map<string, LanguageCheckStats>((d.languageCheck?.perLanguage ?? []).map((c) => [c.code, c]));
  const head = ['Language', 'Texts', 'Missing', 'Language check', 'Flags', ...(tokens ? ['Truncated', 'Tokens median', 'Tokens p95', 'Tokens max'] : []), 'Chars median', 'Chars p95', 'Words mean', 'Words p95'];
  const row = (ls: LanguageStats, i: number) => {
    const name = d.languages[i]?.display ?? ls.code;
    const flags = Object.entries(ls.issues).map(([k, n]) => `${n} ${KIND_LABELS[k as IssueKind].toLowerCase()}`).join(', ');
    const c = checks.get(ls.code);
    const check = d.checking ? 'running…' : !c ? '–' : !c.supported ? `not checked (${d.languageCheck!.identifier.split(' ')[0]} does not know it)` : `${c.agree} agree · ${c.flagged} flagged · ${c.undecided} undecided`;
    return el('tr', { attrs: { 'data-lang': ls.code } }, [
      el('th', { text: name, attrs: { scope: 'row' } }),
      el('td', { text: int(ls.units) }),
      el('td', { text: int(ls.missing) }),
      el('td', { className: 'ins-check', text: check }),
      el('td', { className: 'ins-flags', text: flags || '–' }),
      ...(tokens
        ? [el('td', { className: 'ins-truncated', text: `${int(ls.truncated)} (${pct(ls.truncated ?? 0, ls.units)})` }), el('td', { text: dist(ls.tokens, 'median') }), el('td', { text: dist(ls.tokens, 'p95') }), el('td', { text: dist(ls.tokens, 'max') })]
        : []),
      el('td', { text: dist(ls.chars, 'median') }),
      el('td', { text: dist(ls.chars, 'p95') }),
      el('td', { text: dist(ls.words, 'mean') }),
      el('td', { text: dist(ls.words, 'p95') }),
    ]);
  };
  return el('div', { className: 'table-scroll ins-langs' }, [
    el('table', { className: 'grid' }, [el('thead', {}, [el('tr', {}, head.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))]), el('tbody', {}, s.perLanguage.map(row))]),
  ]);
}

/** One line on the tokenizer: which, and its max length; or why lengths are in characters only. */
export function tokenizerNote(d: InspectorData): string {
  const t = d.summary.tokenizer;
  return t.kind === 'model'
    ? `Tokens under the tokenizer of ${t.model} (max length ${t.maxLength}; longer texts are truncated when encoded)${t.method ? `; counted ${t.method}` : ''}.`
    : `No token counts for ${t.model}: ${t.reason}.`;
}

export function definitions(d: InspectorData): HTMLElement {
  const defs = d.summary.definitions;
  return el('details', { className: 'definitions' }, [
    el('summary', { text: 'Definitions' }),
    el('dl', {}, Object.entries(defs).flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
  ]);
}
