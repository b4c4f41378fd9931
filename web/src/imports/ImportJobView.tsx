import { useTranslation } from 'react-i18next';
import { isFinished, type ImportJob } from '../api/imports';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';
import { ImportErrorTable } from './ImportErrorTable';
import { ImportProgress } from './ImportProgress';
import { RejectsDownload } from './RejectsDownload';

/** A job as it runs and when it has finished: progress, outcome, errors by line, rejects. */
export function ImportJobView({ job, fileSize, fileName }: { job: ImportJob; fileSize: number | null; fileName: string | null }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const finished = isFinished(job);
  return (
    <section className="card import-job" aria-labelledby={`import-${job.id}`} aria-busy={!finished}>
      <header className="import-job-head">
        <h2 id={`import-${job.id}`}>{t('imports.job', { id: job.id })}</h2>
        <span className={`badge import-${job.status}`}>{enumLabel(t, 'importStatus', job.status)}</span>
      </header>
      <p className="muted">
        {enumLabel(t, 'importKind', job.kind)} · {t(`imports.formats.${job.format}`)}
        {fileName && ` · ${fileName}`} · <time dateTime={job.created_at}>{format.dateTime(job.created_at)}</time>
      </p>
      {!finished && <p role="status">{fileName ? t('imports.uploading', { name: fileName }) : t('imports.running')}</p>}
      <ImportProgress job={job} fileSize={fileSize} />
      {job.status === 'succeeded' && (
        <p className="alert alert-success" role="status">
          {t('imports.succeeded', { imported: format.number(job.rows_imported), read: format.number(job.rows_read) })}
        </p>
      )}
      {job.status === 'failed' && (
        <p className="alert alert-error" role="alert">
          {job.error_summary ? t('imports.failed', { summary: job.error_summary }) : t('imports.failedNoSummary')}
        </p>
      )}
      {finished && job.skip_invalid && job.rows_rejected > 0 && <RejectsDownload jobId={job.id} />}
      <ImportErrorTable job={job} />
    </section>
  );
}
