import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** Test support: IBM Telco churn (../shared/data/telco_churn), tenure in months, Churn = Yes is the event. */
interface TelcoRow {
  tenure: string;
  Churn: string;
  Contract: string;
}

export function readTelco(): { time: Float64Array; event: Uint8Array; contract: string[] } {
  const url = new URL('../../../../../shared/data/telco_churn/Telco-Customer-Churn.csv', import.meta.url);
  const rows = parse(readFileSync(url), { columns: true }) as TelcoRow[];
  return {
    time: Float64Array.from(rows, (r) => Number(r.tenure)),
    event: Uint8Array.from(rows, (r) => (r.Churn === 'Yes' ? 1 : 0)),
    contract: rows.map((r) => r.Contract),
  };
}
