import { useTranslation } from 'react-i18next';
import { localDay, periodQuery, type Period } from '../lifecycle/board-period';

/** The last year, today included, as two calendar days. */
export function lastYear(now: Date = new Date()): Period {
  return { from: localDay(new Date(now.getFullYear() - 1, now.getMonth(), now.getDate() + 1)), to: localDay(now) };
}

/** The last moment of a half-open range [from, to) as ISO, so that a day range shows its last day included. */
export function lastIncluded(to: string): string {
  return new Date(new Date(to).getTime() - 1).toISOString();
}

/** From and to date inputs for an analytics section; the days are local, both included (see periodQuery). */
export function DateRangeFields({ id, value, onChange }: { id: string; value: Period; onChange: (next: Period) => void }) {
  const { t } = useTranslation();
  const valid = periodQuery(value) !== null;
  return (
    <>
      <div className="field field-inline">
        <label htmlFor={`${id}-from`}>{t('analytics.range.from')}</label>
        <input id={`${id}-from`} type="date" value={value.from} max={value.to} aria-invalid={!valid} onChange={(e) => onChange({ ...value, from: e.target.value })} />
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-to`}>{t('analytics.range.to')}</label>
        <input id={`${id}-to`} type="date" value={value.to} min={value.from} aria-invalid={!valid} onChange={(e) => onChange({ ...value, to: e.target.value })} />
      </div>
      {!valid && (
        <p className="field-error" role="alert">
          {t('analytics.range.bad')}
        </p>
      )}
    </>
  );
}
