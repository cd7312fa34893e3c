import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { WorstBy, WorstQuery } from '../../src/protocol';
import { el, fmt } from '../common/dom';
import { activate } from './activate';

export interface WorstViewOptions {
  lang: string;
  /** `de — German`, for assistive tech and the heading's tooltip. */
  langLabel?: string;
  by: WorstBy;
  task?: string;
  /** Tasks of this language to narrow to (cross: L→M); empty hides the choice. */
  tasks: string[];
  rows?: WorstQuery[];
  total?: number;
  error?: string;
  selected?: { queryId: string; task: string };
  onBy: (by: WorstBy) => void;
  onTask: (task: string | undefined) => void;
  onQuery: (q: WorstQuery) => void;
  onClose: () => void;
}

/** A query language's worst queries with their text (as text only), MaxRank, AP and EIR. */
export function worstView(o: WorstViewOptions): HTMLElement {
  const by = el('vscode-single-select', { attrs: { 'aria-label': 'Order worst queries by', 'data-key': 'worst-by' } }, [
    el('vscode-option', { text: 'lowest AP', attrs: { value: 'AP' } }),
    el('vscode-option', { text: 'highest MaxRank', attrs: { value: 'MaxRank' } }),
  ]);
  by.value = o.by;
  by.addEventListener('change', () => o.onBy(by.value === 'MaxRank' ? 'MaxRank' : 'AP'));
  const tools: Node[] = [el('span', { text: 'Order by' }), by];
  if (o.tasks.length > 1) {
    const ALL = '*';
    const task = el('vscode-single-select', { attrs: { 'aria-label': 'Retrieval task', 'data-key': 'worst-task' } }, [
      el('vscode-option', { text: 'all document languages', attrs: { value: ALL } }),
      ...o.tasks.map((t) => el('vscode-option', { text: t, attrs: { value: t } })),
    ]);
    task.value = o.task ?? ALL;
    task.addEventListener('change', () => o.onTask(task.value === ALL ? undefined : task.value));
    tools.push(el('span', { text: 'Task' }), task);
  }
  const close = el('button', { className: 'link-button', text: 'Close', attrs: { type: 'button', 'data-key': 'worst-close' } });
  close.addEventListener('click', o.onClose);
  tools.push(close);

  const section = el('section', { className: 'worst', attrs: { 'aria-label': `Worst queries in ${o.langLabel ?? o.lang}` } }, [
    el('h2', { text: `Worst queries · ${o.lang}${o.task ? ` · ${o.task}` : ''}`, title: o.langLabel }),
    el('div', { className: 'toolbar' }, tools),
  ]);
  if (o.error) return (section.append(el('p', { className: 'error', text: o.error })), section);
  if (!o.rows) return (section.append(el('p', { className: 'muted', text: 'Loading…' })), section);
  const hasEir = o.rows.some((r) => r.EIR !== undefined);
  const showTask = o.tasks.length > 1 && !o.task;
  const cols = ['#', 'query', ...(showTask ? ['task'] : []), 'MaxRank', 'AP', ...(hasEir ? ['EIR', 'EIR.count'] : []), '|Rel|'];
  const table = el('table', { className: 'grid worst-table' }, [
    el('thead', {}, [el('tr', {}, cols.map((c) => el('th', { className: c === 'query' ? 'text-head' : '', text: c, attrs: { scope: 'col' } })))]),
    el(
      'tbody',
      {},
      o.rows.map((q, i) => {
        const tr = el('tr', { className: o.selected?.queryId === q.queryId && o.selected.task === q.task ? 'selected' : '' }, [
          el('td', { text: String(i + 1) }),
          // Corpus text: textContent only (el's `text`).
          el('td', { className: 'text-cell', text: q.text || q.queryId, title: q.queryId, attrs: { dir: 'auto' } }),
          ...(showTask ? [el('td', { text: q.task })] : []),
          el('td', { text: String(q.MaxRank) }),
          el('td', { text: fmt('AP', q.AP) }),
          ...(hasEir ? [el('td', { text: fmt('EIR', q.EIR) }), el('td', { text: q['EIR.count'] === undefined ? '–' : String(q['EIR.count']) })] : []),
          el('td', { text: String(q.relevant) }),
        ]);
        if (tr.classList.contains('selected')) tr.setAttribute('aria-current', 'true');
        activate(tr, `query:${q.queryId}:${q.task}`, `Open the ranked list of query ${q.queryId} (${q.task})`, () => o.onQuery(q));
        return tr;
      }),
    ),
  ]);
  section.append(table, el('p', { className: 'muted', text: `${o.rows.length} of ${o.total ?? o.rows.length} queries · click a query for its ranked list` }));
  return section;
}
