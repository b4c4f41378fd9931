import { useTranslation } from 'react-i18next';
import type { ImportJob } from '../api/imports';
import { useFormatters } from '../i18n/use-formatters';

/** Every bad row the server reported, by line number and field. */
export function ImportErrorTable({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const format = useFormatters();
  if (job.errors.length === 0) return null;
  return (
    <section aria-labelledby={`import-errors-${job.id}`}>
      <h3 id={`import-errors-${job.id}`}>{t('imports.errors.heading')}</h3>
      {job.rows_rejected > job.errors.length && (
        <p className="muted">{t('imports.errors.truncated', { shown: format.number(job.errors.length), total: format.number(job.rows_rejected) })}</p>
      )}
      <div className="table-scroll error-table">
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col" className="numeric">{t('imports.errors.line')}</th>
              <th scope="col">{t('imports.errors.field')}</th>
              <th scope="col">{t('imports.errors.message')}</th>
            </tr>
          </thead>
          <tbody>
            {job.errors.map((error, index) => (
              <tr key={`${error.line}-${index}`}>
                <td className="numeric">{format.number(error.line)}</td>
                <td>{error.field ? <code>{error.field}</code> : ''}</td>
                <td>{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
