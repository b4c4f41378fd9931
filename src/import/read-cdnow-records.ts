import { AppError } from '../errors/app-error.js';
import type { ReadOptions, RecordBatch, SourceRecord } from './read-csv-records.js';

const FIRST_FIELD_NUMERIC = /^\s*\d/;
const WHITESPACE = /\s+/;

/**
 * Reads the CDNOW transaction files (Fader & Hardie) in constant memory: one record a line,
 * whitespace-separated fixed-width fields, CRLF or LF line endings. Empty lines and lines whose
 * first field is not a number (the header line lifetimes added to the master file) are skipped.
 */
export async function* readCdnowRecords(source: AsyncIterable<Buffer | string>, opts: ReadOptions = {}): AsyncGenerator<RecordBatch> {
  let carry = '';
  let lineNo = 0;
  let bytesRead = 0;
  const split = (text: string, final: boolean): SourceRecord[] => {
    const records: SourceRecord[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      lineNo++;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const line = text.slice(start, end);
      if (FIRST_FIELD_NUMERIC.test(line)) records.push({ line: lineNo, fields: line.trim().split(WHITESPACE) });
      start = nl + 1;
    }
    carry = text.slice(start);
    if (final && carry.length > 0) {
      lineNo++;
      const line = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
      if (FIRST_FIELD_NUMERIC.test(line)) records.push({ line: lineNo, fields: line.trim().split(WHITESPACE) });
      carry = '';
    }
    return records;
  };
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    bytesRead += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (opts.maxBytes !== undefined && bytesRead > opts.maxBytes) {
      throw new AppError('payload_too_large', `The file is larger than the limit of ${opts.maxBytes} bytes`);
    }
    yield { records: split(carry + text, false), bytesRead };
    if (carry.length > 1024 * 1024) throw new AppError('validation_failed', `Line ${lineNo + 1} is longer than 1 MB: this is not a CDNOW file`);
  }
  yield { records: split(carry, true), bytesRead };
}
