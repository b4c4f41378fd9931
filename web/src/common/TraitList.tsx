import { useTranslation } from 'react-i18next';

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Free traits (JSONB) as a definition list, keys in order. */
export function TraitList({ traits, emptyText }: { traits: Record<string, unknown>; emptyText: string }) {
  const { t } = useTranslation();
  const entries = Object.entries(traits).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <dl className="trait-list" aria-label={t('account.traits')}>
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{show(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
