import { useTranslation } from 'react-i18next';
import { isFinished, type ImportJob } from '../api/imports';
import { useFormatters } from '../i18n/use-formatters';

/** Bytes read of the file (a bar) and rows read, imported and rejected so far. */
export function ImportProgress({ job, fileSize }: { job: ImportJob; fileSize: number | null }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const total = job.bytes_total ?? fileSize;
  const read = total === null ? job.bytes_read : Math.min(job.bytes_read, total);
  const label = t('imports.progressLabel');
  // The whole file is read but the rows are still being checked and saved: no fraction to show.
  const saving = !isFinished(job) && total !== null && read >= total;
  return (
    <div className="import-progress">
      {saving && <p className="muted">{t('imports.saving')}</p>}
      {total !== null && total > 0 && !saving ? (
        <progress aria-label={label} max={total} value={read} />
      ) : (
        <progress aria-label={label} />
      )}
      <p className="progress-text">
        <span>
          {total !== null
            ? t('imports.bytes', { read: format.bytes(read), total: format.bytes(total) })
            : t('imports.bytesUnknown', { read: format.bytes(read) })}
        </span>
        <span>
          {t('imports.rows', {
            read: format.number(job.rows_read),
            imported: format.number(job.rows_imported),
            rejected: format.number(job.rows_rejected),
          })}
        </span>
      </p>
    </div>
  );
}
