import { useTranslation } from 'react-i18next';
import type { RecomputeJob } from '../api/recompute';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useFormatters } from '../i18n/use-formatters';
import { useRecomputeJob } from './use-recompute-job';

/** "Recompute now": a full pass over every dynamic segment and both lifecycles, with its progress and outcome. */
export function RecomputePanel({ onFinished }: { onFinished: (job: RecomputeJob) => void }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { job, error, starting, running, start } = useRecomputeJob(onFinished);
  const label = t('recompute.progressLabel');
  return (
    <section className="recompute-panel" aria-labelledby="recompute-heading" aria-busy={running}>
      <div className="recompute-head">
        <h2 id="recompute-heading">{t('recompute.heading')}</h2>
        <button type="button" onClick={start} disabled={running}>
          {t('recompute.start')}
        </button>
      </div>
      <p className="help">{t('recompute.help')}</p>
      {starting && <LoadingBar label={t('recompute.starting')} />}
      {job && job.status === 'running' && (
        <div className="import-progress">
          <p role="status">{t('recompute.running')}</p>
          {job.total > 0 ? <progress aria-label={label} max={job.total} value={job.done} /> : <progress aria-label={label} />}
          <p className="progress-text">{t('recompute.progress', { done: format.number(job.done), total: format.number(job.total) })}</p>
        </div>
      )}
      {job && job.status === 'succeeded' && job.result && (
        <p className="alert alert-success" role="status">
          {t('recompute.succeeded', {
            accounts: format.number(job.result.subjects.account),
            contacts: format.number(job.result.subjects.contact),
            placed: format.number(job.result.stages.placed),
            moved: format.number(job.result.stages.moved),
            entered: format.number(job.result.segments.entered),
            exited: format.number(job.result.segments.exited),
            seconds: format.decimal(job.result.ms / 1000),
          })}
        </p>
      )}
      {job && job.status === 'failed' && (
        <p className="alert alert-error" role="alert">
          {t('recompute.failed', { error: job.error ?? '' })}
        </p>
      )}
      {error !== null && <ErrorAlert error={error} onRetry={start} />}
    </section>
  );
}
