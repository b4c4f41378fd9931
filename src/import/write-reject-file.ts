import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { RejectSink } from './import-target.js';
import { rejectCsvHeader, rejectCsvRows } from './reject-csv.js';

/**
 * A reject sink writing a CSV file (the CLI's --reject-file), opened on the first rejected row
 * so a clean import leaves no empty file behind. Writes wait for the disk (constant memory).
 */
export function rejectFile(path: string): RejectSink & { readonly written: number } {
  let out: WriteStream | null = null;
  let written = 0;
  const put = async (text: string) => {
    if (!out!.write(text)) await once(out!, 'drain');
  };
  return {
    get written() {
      return written;
    },
    async write(rows, columns) {
      if (rows.length === 0) return;
      if (out === null) {
        out = createWriteStream(path);
        await once(out, 'open');
        await put(rejectCsvHeader(columns));
      }
      await put(rejectCsvRows(rows));
      written += rows.length;
    },
    async close() {
      if (out === null) return;
      const done = once(out, 'finish');
      out.end();
      await done;
    },
  };
}
