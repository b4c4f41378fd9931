/** The COPY statement both adapters use for bulk loads (CSV text, or binary: encode-binary-copy.ts). */
export function copyStatement(table: string, columns: readonly string[], source: 'STDIN' | "'/dev/blob'", format: 'csv' | 'binary' = 'csv'): string {
  const ident = /^[a-z_][a-z0-9_]*$/;
  if (!ident.test(table) || !columns.every((c) => ident.test(c))) {
    throw new Error(`copyCsv: invalid identifier in ${table}(${columns.join(', ')})`);
  }
  return `COPY ${table} (${columns.join(', ')}) FROM ${source} WITH (FORMAT ${format})`;
}

/** Quotes one value for the CSV that copyCsv expects: null and undefined become NULL. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s: string;
  if (value instanceof Date) s = value.toISOString();
  else if (typeof value === 'object') s = JSON.stringify(value);
  else s = String(value);
  if (s === '' || /[",\n\r]/.test(s) || s.trim() !== s) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** One CSV line (with its newline) from values. */
export function csvLine(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += csvField(values[i]);
  }
  return out + '\n';
}
