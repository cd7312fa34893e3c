import { UserError } from '../errors';
import type { Report } from '../report/schema';

/** A dataset fingerprint (content hash) is optional: compared when both runs record one. */
type ReportHead = Pick<Report, 'scenario' | 'languages' | 'pivot' | 'dataset'> & { perQuery?: unknown[] };

/**
 * What keeps two reports from being compared query by query: a different dataset (name, path
 * or size), scenario, pivot or set of query languages. Empty when they are comparable.
 * Each entry says exactly what differs, with A's value first.
 */
export function incompatibilities(a: ReportHead, b: ReportHead): string[] {
  const out: string[] = [];
  if (a.dataset.name !== b.dataset.name) out.push(`dataset: "${a.dataset.name}" (A) vs "${b.dataset.name}" (B)`);
  if (!samePath(a.dataset.path, b.dataset.path)) out.push(`dataset path: ${a.dataset.path} (A) vs ${b.dataset.path} (B)`);
  if (a.dataset.fingerprint && b.dataset.fingerprint && a.dataset.fingerprint !== b.dataset.fingerprint)
    out.push(`dataset fingerprint: ${a.dataset.fingerprint} (A) vs ${b.dataset.fingerprint} (B)`);
  if (a.dataset.unit !== b.dataset.unit) out.push(`retrieval unit: ${a.dataset.unit}s (A) vs ${b.dataset.unit}s (B)`);
  if (a.dataset.queries !== b.dataset.queries || a.dataset.documents !== b.dataset.documents)
    out.push(`dataset size: ${a.dataset.queries} queries / ${a.dataset.documents} documents (A) vs ${b.dataset.queries} / ${b.dataset.documents} (B)`);
  if (a.scenario !== b.scenario) out.push(`scenario: ${a.scenario} (A) vs ${b.scenario} (B)`);
  else if (a.pivot !== b.pivot) out.push(`pivot: ${a.pivot ?? 'none'} (A) vs ${b.pivot ?? 'none'} (B)`);
  const onlyA = a.languages.filter((l) => !b.languages.includes(l));
  const onlyB = b.languages.filter((l) => !a.languages.includes(l));
  if (onlyA.length || onlyB.length) {
    const parts = [onlyA.length ? `${onlyA.join(', ')} only in A` : '', onlyB.length ? `${onlyB.join(', ')} only in B` : ''].filter(Boolean);
    out.push(`query languages: ${parts.join('; ')}`);
  }
  return out;
}

/** Throws a UserError listing every difference, or when a run has no per-query records to pair. */
export function assertComparable(a: ReportHead, b: ReportHead, names: { a: string; b: string } = { a: 'A', b: 'B' }): void {
  const diffs = incompatibilities(a, b);
  if (diffs.length)
    throw new UserError(`not comparable: ${diffs.join('; ')} (A = ${names.a}, B = ${names.b})`, {
      hint: 'Compare needs two runs of the same dataset, scenario and languages (e.g. two models, or a model and its checkpoint).',
    });
  for (const [side, r] of [['A', a], ['B', b]] as const)
    if (!r.perQuery?.length)
      throw new UserError(`run ${side === 'A' ? names.a : names.b} has no per-query records, so no paired test is possible`, {
        hint: 'Evaluate again with per-query records (the extension always keeps them; the CLI needs --per-query).',
      });
}

/**
 * Dataset paths name the same folder when equal after normalisation, or when one is relative
 * (the CLI records the path as typed) and the other absolute path ends with it.
 */
export function samePath(p: string, q: string): boolean {
  const a = normalise(p);
  const b = normalise(q);
  if (a === b) return true;
  const relTail = (s: string) => s.replace(/^(\.\.?\/)+/, '');
  const absA = isAbsolute(a);
  const absB = isAbsolute(b);
  if (absA === absB) return false;
  const [abs, rel] = absA ? [a, relTail(b)] : [b, relTail(a)];
  return rel.length > 0 && abs.endsWith(`/${rel}`);
}

const isAbsolute = (s: string) => s.startsWith('/') || /^[a-z]:\//.test(s);

function normalise(p: string): string {
  const s = p.replace(/\\/g, '/').replace(/^[A-Za-z]:/, (d) => d.toLowerCase()).replace(/\/+$/, '').replace(/\/\.(?=\/|$)/g, '');
  return s.replace(/\/{2,}/g, '/');
}
