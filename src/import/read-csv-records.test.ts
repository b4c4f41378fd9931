import { describe, expect, it } from 'vitest';
import { readCdnowRecords } from './read-cdnow-records.js';
import { readCsvRecords, type SourceRecord } from './read-csv-records.js';

/** The text in chunks of `size` bytes, to cross chunk boundaries anywhere. */
async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function readAll(gen: AsyncGenerator<{ records: SourceRecord[]; bytesRead: number }>) {
  const out: SourceRecord[] = [];
  let bytes = 0;
  for await (const b of gen) {
    out.push(...b.records);
    bytes = b.bytesRead;
  }
  return { records: out, bytes };
}

describe('reading source files', () => {
  it('numbers CSV records by the line they start on, across quoted line breaks, CRLF and empty lines', async () => {
    for (const nl of ['\n', '\r\n']) {
      const text = ['a,b', '1,2', '"x', 'y', 'z",3', '', '4,5', '"p', 'q",6', '7,8'].join(nl) + nl;
      for (const size of [3, 7, 1000]) {
        const { records, bytes } = await readAll(readCsvRecords(chunks(text, size)));
        expect(records.map((r) => [r.line, r.fields[0]])).toEqual([
          [1, 'a'],
          [2, '1'],
          [3, `x${nl}y${nl}z`],
          [7, '4'],
          [8, `p${nl}q`],
          [10, '7'],
        ]);
        expect(bytes).toBe(Buffer.byteLength(text));
      }
    }
  });

  it('strips a byte order mark and takes another delimiter', async () => {
    const { records } = await readAll(readCsvRecords(chunks('\ufeffa;b\n1;"2;3"\n', 4), { delimiter: ';' }));
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2;3'],
    ]);
  });

  it('reports an unreadable record instead of stopping', async () => {
    const { records } = await readAll(readCsvRecords(chunks('a,b\n1,2\n"x,3\n4,5\n', 5)));
    expect(records.map((r) => [r.line, r.error])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, expect.stringMatching(/quote/i)],
    ]);
  });

  it('splits CDNOW lines on whitespace and skips the header line and blank lines', async () => {
    const text = ' customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n\r\n 00002 19970112  1   12.00\r\n 00003 19970102  2   20.76';
    for (const size of [5, 1000]) {
      const { records } = await readAll(readCdnowRecords(chunks(text, size)));
      expect(records).toEqual([
        { line: 2, fields: ['00001', '19970101', '1', '11.77'] },
        { line: 4, fields: ['00002', '19970112', '1', '12.00'] },
        { line: 5, fields: ['00003', '19970102', '2', '20.76'] },
      ]);
    }
  });
});
