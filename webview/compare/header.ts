import type { Comparison, RunRef, RunSide } from '../../src/protocol';
import { el } from '../common/dom';
import { count, fileOf } from './format';

/** Which p decides "significant": the corrected one, over every cell of the comparison. */
function significance(c: Comparison): string {
  const t = c.test;
  if (t.correction === 'none') return `significant when p < ${t.alpha} (no multiple-comparison correction)`;
  return `significant when p adj. < ${t.alpha}: ${t.correction === 'holm' ? 'Holm–Bonferroni' : 'Benjamini–Hochberg'} over all ${t.family} cells (every language × metric, and each metric's overall)`;
}

/** Who is compared with whom, on what, and how the test was run. */
export function header(c: Comparison, a: RunRef, b: RunRef, actions: HTMLElement): HTMLElement {
  const run = (tag: 'A' | 'B', role: string, side: RunSide, ref: RunRef) =>
    el('div', { className: `cmp-run cmp-run-${tag.toLowerCase()}` }, [
      el('div', {}, [el('span', { className: 'cmp-tag', text: tag }), el('span', { className: 'cmp-model', text: side.model.name }), el('span', { className: 'muted', text: ` ${role}` })]),
      el('div', { className: 'muted', text: `${side.model.source} · dim ${side.model.dim} · fingerprint ${side.model.fingerprint}` }),
      el('div', { className: 'muted', text: `${fileOf(ref.uri)} · ${new Date(side.createdAt).toLocaleString()}`, title: ref.uri }),
    ]);
  const method = c.test.method === 'randomization' ? 'Paired randomisation test (sign flip)' : 'Paired bootstrap test';
  const perLang = c.rows.filter((r) => r.lang !== 'overall').map((r) => r.queries);
  const queries = perLang.length && perLang.every((n) => n === perLang[0]) ? `${count(perLang[0])} paired queries per language` : `${count(c.pairing.matched)} paired records`;
  return el('header', { className: 'cmp-header' }, [
    el('div', { className: 'cmp-title' }, [el('h1', { text: 'Compare runs' }), actions]),
    el('div', { className: 'cmp-runs' }, [run('A', 'baseline', c.a, a), run('B', 'compared with A', c.b, b)]),
    el('p', { className: 'cmp-dataset', text: `${c.dataset.name} (${c.dataset.unit}s) · scenario ${c.scenario}${c.pivot ? ` (pivot ${c.pivot})` : ''} · query languages ${c.languages.join(', ')} · ${queries}`, title: c.dataset.path }),
    el('p', { className: 'cmp-test', attrs: { 'data-testid': 'test-method' } }, [
      el('strong', { text: method }),
      ` · ${count(c.test.samples)} samples · seed ${c.test.seed} · ${Math.round(c.test.confidence * 100)}% CI: paired bootstrap (percentile) · unit: ${c.test.unit} · Δ = B − A · ${significance(c)}`,
    ]),
  ]);
}
