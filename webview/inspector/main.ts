import type { HostToWebview, InspectorData, InspectorState, IssueKind, RowView } from '../../src/protocol';
import { clear, el } from '../common/dom';
import { connect } from '../common/vscodeApi';
import { RowTable } from './rowTable';
import { KIND_LABELS, definitions, headline, languageTable, tokenizerNote } from './summaryView';

/**
 * Corpus inspector: headline figures, per-language statistics with the language check, buttons
 * that filter the rows by flag, and the virtualised table of aligned rows (pages from the host).
 * View, columns and scroll position are saved with setState.
 */
const vs = connect<InspectorState>({ view: 'all' });
const app = document.getElementById('app')!;
const DEFAULT_COLUMNS = 4;

let data: InspectorData | undefined;
let banner: { kind: 'error' | 'unavailable' | 'status'; message: string } | undefined;
const table = new RowTable({ post: vs.post, onScroll: (scrollRow) => vs.saveState({ scrollRow }) });

vs.onMessage((m: HostToWebview) => {
  switch (m.type) {
    case 'inspector/summary': {
      const first = !data;
      const flagsChanged = data !== undefined && data.checking && !m.data.checking;
      const scrollRow = vs.state().scrollRow ?? 0;
      data = m.data;
      banner = undefined;
      render();
      if (first) showRows(scrollRow);
      else table.refresh(scrollRow, flagsChanged); // re-attached: restore the scroll position
      return;
    }
    case 'inspector/rows':
      table.receive(m);
      return;
    case 'progress':
      if (data) {
        // The language check runs after the statistics are shown: count it down in its line.
        const line = app.querySelector('.ins-identifier');
        if (line && data.checking && m.total) line.textContent = `Checking declared against detected languages… ${m.done.toLocaleString('en')}/${m.total.toLocaleString('en')} texts`;
        return;
      }
      banner = { kind: 'status', message: `${m.phase}${m.total ? ` ${m.done.toLocaleString('en')}/${m.total.toLocaleString('en')}` : ''}…` };
      break;
    case 'error':
      banner = { kind: 'error', message: m.message };
      break;
    case 'unavailable':
      data = undefined;
      banner = { kind: 'unavailable', message: m.message };
      break;
    default:
      return;
  }
  render();
});

/** Columns: the saved ones still in the corpus, else the reference language and the next few. */
function columns(d: InspectorData): string[] {
  const codes = d.summary.languages.map((l) => l.code);
  const saved = (vs.state().langs ?? []).filter((c) => codes.includes(c));
  if (saved.length) return saved;
  const ref = d.summary.reference;
  return [...(ref ? [ref] : []), ...codes.filter((c) => c !== ref)].slice(0, DEFAULT_COLUMNS);
}

function showRows(scrollRow = 0): void {
  if (!data) return;
  const langs = columns(data);
  const labels = langs.map((c) => data!.languages.find((l) => l.code === c)?.display ?? c);
  table.show(vs.state().view ?? 'all', langs, labels, scrollRow);
}

function render(): void {
  clear(app);
  if (banner) app.append(el('p', { className: banner.kind === 'error' ? 'error banner' : 'muted banner', text: banner.message, attrs: { role: 'status' } }));
  if (!data) {
    if (!banner) app.append(el('p', { className: 'muted', text: 'Loading dataset…' }));
    return;
  }
  const d = data;
  const s = d.summary;
  app.append(
    el('div', { className: 'section-head' }, [el('h1', { text: `Inspect · ${s.path.split(/[\\/]/).pop() || s.name}` })]),
    el('p', { className: 'muted run-info', text: [s.format, s.path, `measured in ${s.seconds.toFixed(1)} s`].join(' · ') }),
    headline(d),
    el('p', { className: 'muted ins-tokenizer', text: tokenizerNote(d) }),
    el('p', {
      className: 'muted ins-identifier',
      text: d.checking
        ? 'Checking declared against detected languages…'
        : d.languageCheck
          ? `Language check: ${d.languageCheck.identifier}, confidence threshold ${d.languageCheck.threshold}, ${d.languageCheck.seconds.toFixed(1)} s. Languages it does not know are counted as not checked, never flagged.`
          : 'Language check not available.',
    }),
    el('h2', { text: 'Languages' }),
    languageTable(d),
    el('h2', { text: 'Rows' }),
    viewBar(d),
    table.element,
    skippedList(d),
    definitions(d),
  );
}

/** View buttons (all rows, flagged rows, one per flag kind with its count) and the column field. */
function viewBar(d: InspectorData): HTMLElement {
  const current = vs.state().view ?? 'all';
  const button = (view: RowView, label: string) => {
    const b = el('button', { className: `ins-view${view === current ? ' selected' : ''}`, text: label, attrs: { 'data-view': view, 'aria-pressed': String(view === current) } });
    b.addEventListener('click', () => {
      vs.saveState({ view, scrollRow: 0 });
      render();
      showRows(0);
    });
    return b;
  };
  const kinds = (Object.keys(KIND_LABELS) as IssueKind[]).filter((k) => d.summary.issues[k] > 0);
  const input = el('input', { className: 'ins-columns', attrs: { type: 'text', 'aria-label': 'Languages shown (codes, comma-separated)', placeholder: 'en, de, fr' } });
  input.value = columns(d).join(', ');
  input.addEventListener('change', () => {
    const want = input.value.split(/[\s,]+/).filter(Boolean);
    const known = want.filter((c) => d.summary.languages.some((l) => l.code === c || l.label === c)).map((c) => d.summary.languages.find((l) => l.code === c || l.label === c)!.code);
    vs.saveState({ langs: known.length ? known : undefined });
    input.value = columns(d).join(', ');
    showRows(vs.state().scrollRow ?? 0);
  });
  const all = d.summary.languages.map((l) => l.code).join(', ');
  return el('div', { className: 'toolbar ins-toolbar' }, [
    button('all', `All rows (${d.summary.rows.toLocaleString('en')})`),
    button('flagged', `Flagged (${d.summary.flaggedRows.toLocaleString('en')})`),
    ...kinds.map((k) => button(k, `${KIND_LABELS[k]} (${d.summary.issues[k].toLocaleString('en')})`)),
    el('label', { className: 'ins-columns-label', title: `Languages of this dataset: ${all}` }, ['Columns ', input]),
  ]);
}

function skippedList(d: InspectorData): HTMLElement {
  const sk = d.summary.skipped;
  if (sk.count === 0) return el('p', { className: 'muted', text: 'The loader skipped no input.' });
  const items = sk.first.map((x) => {
    const where = `${x.file.split(/[\\/]/).pop()}${x.line !== undefined ? `:${x.line}` : ''}`;
    const b = el('button', { className: 'link-button', text: where, title: `Open ${x.file}` });
    b.addEventListener('click', () => vs.post(x.line !== undefined ? { type: 'reveal', file: x.file, line: x.line } : { type: 'reveal', file: x.file }));
    return el('li', {}, [b, ` ${x.reason}`]);
  });
  return el('details', { className: 'ins-skipped' }, [
    el('summary', { text: `Skipped inputs: ${sk.count}${sk.count > sk.first.length ? ` (first ${sk.first.length} listed)` : ''}` }),
    el('ul', {}, items),
  ]);
}

render();
vs.post({ type: 'ready' });
