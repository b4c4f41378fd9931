import { useTranslation } from 'react-i18next';
import { useFormatters, type Formatters } from '../i18n/use-formatters';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function show(value: unknown, format: Formatters): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return format.number(value);
  if (typeof value === 'string') return TIMESTAMP.test(value) ? format.dateTime(value) : value;
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The facts a rule read ("count(Order Completed, 365 d)": 2), as label and value. */
export function FactList({ facts, label }: { facts: Record<string, unknown>; label: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const entries = Object.entries(facts);
  if (entries.length === 0) return <span className="muted">{t('common.noFacts')}</span>;
  return (
    <dl className="fact-list" aria-label={label}>
      {entries.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{show(value, format) ?? <span className="muted">{t('common.missing')}</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
