import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** Which rows of a table to take: the columns (all of them) and a condition on the workspace `$ws`. */
export interface RowSelection {
  table: string;
  where: string;
}

/** Rows of the tables, saved as CSV files to COPY elsewhere; remove() deletes the files. */
export interface SavedRows {
  files: Array<{ table: string; file: string; rows: number }>;
  remove: () => void;
}

/** Saves the selected rows of workspace `ws` (every column) to CSV files, untimed. */
export async function saveRows(url: string, ws: number, selections: readonly RowSelection[]): Promise<SavedRows> {
  const dir = mkdtempSync(join(tmpdir(), 'kanta-bench-rows-'));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const files: SavedRows['files'] = [];
  try {
    for (const s of selections) {
      const file = join(dir, `${s.table}.csv`);
      const stream = client.query(copyTo(`COPY (SELECT * FROM ${s.table} WHERE ${s.where.replaceAll('$ws', String(Number(ws)))}) TO STDOUT (FORMAT csv)`));
      await pipeline(stream, createWriteStream(file));
      files.push({ table: s.table, file, rows: stream.rowCount });
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    await client.end();
  }
  return { files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * COPYs saved rows into the same tables of another database (one COPY per table, each
 * committed on its own, one after another); returns the seconds of each and in all.
 */
export async function copyRowsInto(url: string, saved: SavedRows): Promise<{ seconds: number; byTable: Record<string, number> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const byTable: Record<string, number> = {};
  let seconds = 0;
  try {
    for (const f of saved.files) {
      const t0 = performance.now();
      await pipeline(createReadStream(f.file), client.query(copyFrom(`COPY ${f.table} FROM STDIN (FORMAT csv)`)));
      const s = (performance.now() - t0) / 1000;
      byTable[f.table] = s;
      seconds += s;
    }
  } finally {
    await client.end();
  }
  return { seconds, byTable };
}
