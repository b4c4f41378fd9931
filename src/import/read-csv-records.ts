import { Parser, type CsvError } from 'csv-parse';
import { AppError } from '../errors/app-error.js';

/** One record of a source file: the line it starts on, its fields, or why it could not be read. */
export interface SourceRecord {
  line: number;
  fields: string[];
  /** Set when the record itself is unreadable (bad quoting); fields then hold its raw text. */
  error?: string;
}

export interface RecordBatch {
  records: SourceRecord[];
  /** Bytes of the source consumed so far. */
  bytesRead: number;
}

export interface ReadOptions {
  delimiter?: string;
  /** Stop with payload_too_large after this many bytes. */
  maxBytes?: number;
}

/**
 * csv-parse, driven chunk by chunk: each record is taken as the parser emits it, while its
 * `info.lines` counter still points at the record's last line. (The parser counts "\r\n" inside a
 * quoted field as two lines; the drift is corrected so line numbers match an editor's.)
 */
class LineParser extends Parser {
  out: SourceRecord[] = [];
  ended = false;
  private prevLines = 0;
  private drift = 0;

  override push(record: unknown): boolean {
    if (record === null) {
      this.ended = true;
      return false;
    }
    const fields = record as string[];
    const lines = this.info.lines;
    let line = lines - this.drift;
    if (lines - this.prevLines > 1) {
      // Empty lines or line breaks inside quoted fields: count the breaks this record holds.
      let breaks = 0;
      let crlf = 0;
      for (const f of fields) {
        if (f.indexOf('\n') < 0 && f.indexOf('\r') < 0) continue;
        for (let i = 0; i < f.length; i++) {
          const c = f.charCodeAt(i);
          if (c === 13) {
            breaks++;
            if (f.charCodeAt(i + 1) === 10) {
              crlf++;
              i++;
            }
          } else if (c === 10) breaks++;
        }
      }
      this.drift += crlf;
      line = lines - this.drift - breaks;
    }
    this.prevLines = lines;
    this.out.push({ line, fields });
    return true;
  }

  skipped(err: CsvError | undefined, raw: string | undefined): void {
    // The record began after the previous one (an unclosed quote swallows the rest of the file).
    const line = this.prevLines - this.drift + 1;
    this.prevLines = this.info.lines;
    this.out.push({ line, fields: [raw ?? ''], error: err ? err.message.replace(/^Invalid Record Length: /, '') : 'could not be read' });
  }
}

/**
 * Reads a CSV stream in constant memory: yields the records of each source chunk as they are
 * parsed (the first record is the header). Memory is one chunk plus its records.
 */
export async function* readCsvRecords(source: AsyncIterable<Buffer | string>, opts: ReadOptions = {}): AsyncGenerator<RecordBatch> {
  const parser: LineParser = new LineParser({
    bom: true,
    delimiter: opts.delimiter ?? ',',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: 4 * 1024 * 1024,
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      parser.skipped(err, raw);
      return undefined;
    },
  });
  let failure: Error | null = null;
  parser.on('error', (e: Error) => {
    failure = e;
  });
  let bytesRead = 0;
  const take = (): RecordBatch => {
    if (failure) throw new AppError('validation_failed', `The file is not valid CSV: ${(failure as Error).message}`);
    const records = parser.out;
    parser.out = [];
    return { records, bytesRead };
  };
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytesRead += buf.length;
    if (opts.maxBytes !== undefined && bytesRead > opts.maxBytes) {
      throw new AppError('payload_too_large', `The file is larger than the limit of ${opts.maxBytes} bytes`);
    }
    parser.write(buf);
    yield take();
  }
  parser.end();
  if (!parser.ended) await new Promise<void>((resolve) => setImmediate(resolve));
  yield take();
}
