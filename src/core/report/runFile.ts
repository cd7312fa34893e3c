import * as path from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite';
import type { BitextReport, Report } from './schema';

/**
 * Saved runs: one report JSON per file in a runs folder (`.xlens/runs/` in a workspace), the
 * CLI's report format. Written atomically, so a listing never sees half a run: a stopped write
 * leaves at most a `<name>.json.<pid>.<random>.tmp` file, which `isRunFileName` rejects.
 */
export function runFileName(report: Pick<Report, 'createdAt' | 'dataset' | 'scenario' | 'model'> | Pick<BitextReport, 'createdAt' | 'dataset' | 'model'>): string {
  const stamp = report.createdAt.replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  const slug = `${report.dataset.name}-${'scenario' in report ? report.scenario : 'bitext'}-${report.model.name}`.replace(/[^\w.-]+/g, '_').slice(0, 80);
  return `${stamp}-${slug}.json`;
}

/** Whether a folder entry is a run file (not a temp file of a write in progress or stopped). */
export function isRunFileName(name: string): boolean {
  return name.endsWith('.json');
}

/** Write `report` into `folder` (created when missing); returns the file's path. */
export async function writeRunFile(folder: string, report: Report | BitextReport): Promise<string> {
  const file = path.join(folder, runFileName(report));
  await writeFileAtomic(file, JSON.stringify(report) + '\n');
  return file;
}
