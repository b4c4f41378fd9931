import { readFileSync } from 'node:fs';

/**
 * Test support: reads the CDNOW files in ../shared/data/cdnow (beside the repository, also in
 * CI). Whitespace-separated fixed-width records with CRLF line endings; lines whose first field
 * is not a number (the master file's header) are skipped.
 */
const dataUrl = (name: string): URL => new URL(`../../../../../shared/data/cdnow/${name}`, import.meta.url);

export interface CdnowTransactions {
  customer: Int32Array;
  day: Int32Array;
  amount: Float64Array;
}

function dayOf(yyyymmdd: string): number {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

function readRecords(name: string, customerField: number, dateField: number, amountField: number): CdnowTransactions {
  const lines = readFileSync(dataUrl(name), 'utf8').split(/\r?\n/);
  const customer: number[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    if (f.length <= amountField || !/^\d+$/.test(f[0]!)) continue;
    customer.push(Number(f[customerField]));
    day.push(dayOf(f[dateField]!));
    amount.push(Number(f[amountField]));
  }
  return { customer: Int32Array.from(customer), day: Int32Array.from(day), amount: Float64Array.from(amount) };
}

/** CDNOW_sample.txt: 6,919 records of 2,357 customers; customer = the sample id (1..2357). */
export function readCdnowSample(): CdnowTransactions {
  return readRecords('CDNOW_sample.txt', 1, 2, 4);
}

/** CDNOW_master.txt: 69,659 records of 23,570 customers. */
export function readCdnowMaster(): CdnowTransactions {
  return readRecords('CDNOW_master.txt', 0, 1, 3);
}

export interface CdnowSummary {
  id: Int32Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  zbar: Float64Array;
}

/** cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar in weeks, 2 decimals. */
export function readCdnowSummary(): CdnowSummary {
  const lines = readFileSync(dataUrl('cdnow_customers_summary_with_transactions.csv'), 'utf8').trim().split(/\r?\n/);
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const col = (k: number): Float64Array => Float64Array.from(rows, (r) => r[k]!);
  return { id: Int32Array.from(rows, (r) => r[0]!), x: col(1), tx: col(2), T: col(3), zbar: col(4) };
}
