import type { TrainingJobInfo, TrainingSummary } from '../../src/protocol/training';
import { el } from '../common/dom';

/** Rank- and inclination-type figures improve downwards (as in the engine's early stopping). */
export function lowerIsBetter(metric: string): boolean {
  return /Max@R|EIR|SIR/.test(metric);
}

export interface SummaryRow {
  metric: string;
  base?: number;
  saved?: number;
  /** saved − base */
  delta?: number;
  /** Whether the change is an improvement (undefined: no change or unknown). */
  better?: boolean;
}

/** Base vs checkpoint, one row per held-out metric. */
export function summaryRows(base: Record<string, number> | undefined, saved: Record<string, number> | undefined): SummaryRow[] {
  const names = [...new Set([...Object.keys(saved ?? {}), ...Object.keys(base ?? {})])];
  return names.map((metric) => {
    const b = base?.[metric];
    const s = saved?.[metric];
    const delta = b !== undefined && s !== undefined ? s - b : undefined;
    const better = delta === undefined || delta === 0 ? undefined : lowerIsBetter(metric) ? delta < 0 : delta > 0;
    return { metric, base: b, saved: s, delta, better };
  });
}

/** A metric name as a heading: `bilingual.Max@R` → `bilingual Max@R`. */
export function metricTitle(metric: string): string {
  return metric.replace('.', ' ');
}

/**
 * Formats a held-out figure as `xlens train` prints it: three decimals (one from 100 up), so
 * the small changes a short training run makes to Max@R stay visible.
 */
export function fmtFigure(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3);
}

/** The test table's caption: which units produced its figures. */
export function splitCaption(testSplit: string | undefined): string {
  return testSplit ? `${testSplit.replace(/^test: /, 'Test split: ')}` : 'Test split: the held-out part of the data';
}

export function stopReasonText(s: TrainingSummary): string {
  if (s.reason === 'stopped') return `Stopped after ${s.steps} of ${s.totalSteps} steps; the adapter trained so far was saved.`;
  if (s.reason === 'early-stop') return `Stopped early after ${s.steps} of ${s.totalSteps} steps: the validation metric no longer improved.`;
  return `Completed: ${s.steps} steps.`;
}

export function renderSummary(s: TrainingSummary, job: TrainingJobInfo): HTMLElement {
  const facts: string[] = [stopReasonText(s)];
  if (s.bestStep === 0) facts.push(`No step improved validation ${metricTitle(job.trackedMetric)} on the base model.`);
  else if (s.bestStep !== undefined) facts.push(`Best validation ${metricTitle(job.trackedMetric)} at step ${s.bestStep}.`);
  if (s.metricsStep !== undefined) facts.push(s.metricsStep === s.steps ? `Saved: the parameters after the last step (${s.steps}).` : `Saved: the parameters of step ${s.metricsStep} (the best).`);
  const rows = summaryRows(s.base, s.heldOut);
  const table = el('table', { className: 'grid tr-summary-table' }, [
    el('caption', { text: splitCaption(s.testSplit) }),
    el('thead', {}, [el('tr', {}, [el('th', { text: 'test metric' }), el('th', { text: 'base model' }), el('th', { text: 'checkpoint' }), el('th', { text: 'change' })])]),
    el(
      'tbody',
      {},
      rows.map((r) =>
        el('tr', {}, [
          el('td', { text: metricTitle(r.metric), title: lowerIsBetter(r.metric) ? 'lower is better' : 'higher is better' }),
          el('td', { text: fmtFigure(r.base) }),
          el('td', { text: fmtFigure(r.saved) }),
          el('td', {
            className: r.better === undefined ? 'muted' : r.better ? 'tr-better' : 'tr-worse',
            text: r.delta === undefined ? '–' : `${r.delta > 0 ? '+' : r.delta < 0 ? '−' : '±'}${fmtFigure(Math.abs(r.delta))}`,
          }),
        ]),
      ),
    ),
  ]);
  return el('section', { className: 'tr-summary', attrs: { 'aria-label': 'Training summary' } }, [
    el('h2', { text: 'Result' }),
    el('p', { text: facts.join(' ') }),
    el('p', {}, ['Checkpoint: ', el('code', { text: s.checkpointLabel })]),
    ...(s.validationSplit ? [el('p', { className: 'muted', text: `Curves and saved step: ${s.validationSplit.replace(/^validation: /, 'validation split, ')}.` })] : []),
    ...(rows.length ? [table] : [el('p', { className: 'muted', text: 'No test figures were recorded.' })]),
  ]);
}
