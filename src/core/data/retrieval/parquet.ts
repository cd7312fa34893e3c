import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { UserError, throwIfAborted } from '../../errors';

export type ParquetRow = Record<string, unknown>;

/**
 * Streams the rows of a Parquet file one row group at a time (hyparquet, a maintained reader),
 * so memory holds one row group, never the file. `row` is 1-based, the position used in errors.
 */
export async function readParquetRows(
  file: string,
  onRow: (row: ParquetRow, row1: number) => void,
  opts: { signal?: AbortSignal; columns?: string[] } = {},
): Promise<number> {
  let metadata;
  let buffer;
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') throw new UserError('no such file', { file });
    throw new UserError(`not a readable Parquet file (${e instanceof Error ? e.message : String(e)})`, { file });
  }
  const present = new Set(metadata.schema.map((s) => s.name));
  const columns = opts.columns?.filter((c) => present.has(c));
  let start = 0;
  for (const group of metadata.row_groups) {
    throwIfAborted(opts.signal);
    const end = start + Number(group.num_rows);
    let rows: ParquetRow[];
    try {
      rows = (await parquetReadObjects({ file: buffer, metadata, columns, rowStart: start, rowEnd: end, compressors })) as ParquetRow[];
    } catch (e) {
      throw new UserError(`cannot decode Parquet rows ${start + 1}–${end} (${e instanceof Error ? e.message : String(e)})`, { file, line: start + 1 });
    }
    rows.forEach((r, i) => onRow(r, start + i + 1));
    start = end;
  }
  return start;
}

/** A string, number or bigint cell as a string; undefined otherwise. */
export function cellString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
}
