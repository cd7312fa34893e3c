import type { MetricValues } from '../../src/core/report/schema';
import type { MtebBaseline } from '../../src/protocol';
import { fmt } from '../common/dom';

/**
 * What the Ranking table shows for an MTEB baseline (pure, so Node tests can check it): the
 * label, one cell per table column for a language, and what the table cannot show. Every string
 * from the file reaches the page through textContent only.
 */
export function baselineLabel(b: MtebBaseline): string {
  return `MTEB baseline: ${b.model ?? 'model not named in the file'} (${b.fileName})`;
}

export interface BaselineCell {
  text: string;
  title: string;
}

/**
 * One cell per column: the baseline's value and, where MTEB's metric has XLens's definition and
 * the run has a value, Δ = run − baseline. Columns the baseline lacks show "–"; so does `mAP`,
 * which MTEB's MAP@k (AP cut at k) is not.
 */
export function baselineCells(columns: string[], run: MetricValues | undefined, base: Record<string, number> | undefined, comparable: string[]): BaselineCell[] {
  return columns.map((c) => {
    const v = base?.[c];
    if (v === undefined) {
      const why = c === 'mAP' ? "MTEB's map_at_k (AP cut at k, shown as MAP@k) is not XLens's mAP (AP over the whole ranking)" : 'not in the MTEB result';
      return { text: '–', title: `${c}: ${why}` };
    }
    const r = run?.[c];
    if (!comparable.includes(c) || r === undefined || Number.isNaN(r)) return { text: fmt(c, v), title: `${c} from the MTEB result` };
    const d = r - v;
    const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
    return { text: `${fmt(c, v)} (Δ ${sign}${fmt(c, Math.abs(d))})`, title: `${c}: baseline ${v}; run − baseline = ${d}` };
  });
}

/** Baseline metrics without a column in the table (e.g. MAP@10, P@1), and baseline rows without a run language. */
export function baselineExtras(b: MtebBaseline, columns: string[], runLanguages: string[]): { metrics: string[]; languages: string[] } {
  const metrics = [...new Set(Object.values(b.byLanguage).flatMap((r) => Object.keys(r)))].filter((k) => !columns.includes(k)).sort();
  const languages = Object.keys(b.byLanguage).filter((l) => !runLanguages.includes(l)).sort();
  return { metrics, languages };
}

/** The caption under the baseline label: task, split, the Δ convention and what is not shown. */
export function baselineNote(b: MtebBaseline, columns: string[], runLanguages: string[]): string {
  const x = baselineExtras(b, columns, runLanguages);
  const parts = [
    `task ${b.taskName}, split ${b.split}`,
    `Δ = run − baseline, only where the metric has the same definition (${b.comparable.join(', ') || 'none here'}); – = not in the MTEB result`,
  ];
  if (x.metrics.length) parts.push(`baseline metrics without a column here: ${x.metrics.join(', ')}${x.metrics.some((m) => m.startsWith('MAP@')) ? " (MAP@k is AP cut at k, not XLens's mAP)" : ''}`);
  if (x.languages.length) parts.push(`baseline rows with no run language: ${x.languages.join(', ')}`);
  if (b.leftOut.length) parts.push(`left out of the file: ${b.leftOut.length} key(s)`);
  return parts.join(' · ');
}
