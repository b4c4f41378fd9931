/**
 * Rows of one bigint id and float8 values in PostgreSQL's binary COPY format
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

/** Rows from..to-1: ids[i] (a whole number within ±2^53) and values[c][i] for each column c. */
export function encodeIdFloat8Rows(ids: Float8Column, values: readonly Float8Column[], from = 0, to = ids.length): Uint8Array {
  const rows = Math.max(0, to - from);
  const buf = Buffer.allocUnsafe(19 + rows * (2 + 12 + values.length * 12) + 2);
  let p = 0;
  for (const b of SIGNATURE) buf[p++] = b;
  p = buf.writeInt32BE(0, p); // flags
  p = buf.writeInt32BE(0, p); // header extension length
  for (let i = from; i < to; i++) {
    const id = ids[i];
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new Error(`encodeIdFloat8Rows: row ${i} has no whole-number id (${String(id)})`);
    p = buf.writeInt16BE(1 + values.length, p);
    p = buf.writeInt32BE(8, p);
    // A 64-bit two's-complement integer as its high and low 32 bits (no BigInt per row).
    const hi = Math.floor(id / 2 ** 32);
    p = buf.writeInt32BE(hi, p);
    p = buf.writeUInt32BE(id - hi * 2 ** 32, p);
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
