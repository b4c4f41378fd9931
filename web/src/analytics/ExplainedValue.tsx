import type { ReactNode } from 'react';

/** A number with its label and a one-line explanation of how it was computed. */
export function ExplainedValue({ label, value, how }: { label: string; value: ReactNode; how: string }) {
  return (
    <div className="explained-value">
      <dt>{label}</dt>
      <dd>
        <span className="explained-number">{value}</span>
        <span className="explained-how">{how}</span>
      </dd>
    </div>
  );
}
