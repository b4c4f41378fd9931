import { useTranslation } from 'react-i18next';
import { fetchLifecycle, fetchStageWhy, fetchSubjectStage } from '../api/lifecycle';
import type { SubjectType } from '../api/rule';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { usePagedList } from '../common/use-paged-list';
import { useResource } from '../common/use-resource';
import { StageHistory } from './StageHistory';
import { StageWhy } from './StageWhy';

/** An account's (or contact's) lifecycle stage: where, since when and why, what would move it next, and every earlier move. */
export function StageSection({ subject, id }: { subject: SubjectType; id: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const why = useResource(`stage-why:${subject}:${id}`, (signal) => fetchStageWhy(api, subject, id, signal));
  const lifecycle = useResource(`lifecycle:${subject}`, (signal) => fetchLifecycle(api, subject, signal));
  const history = usePagedList(`stage-history:${subject}:${id}`, (cursor, signal) => fetchSubjectStage(api, subject, id, cursor, signal).then((stage) => stage.history));
  return (
    <section className="card stage-section" aria-labelledby="stage-heading">
      <h2 id="stage-heading">{t('stage.heading')}</h2>
      {why.loading && !why.data && <LoadingBar label={t('stage.loading')} />}
      {why.error !== null && <ErrorAlert error={why.error} onRetry={why.reload} />}
      {why.data && <StageWhy why={why.data} />}
      <StageHistory history={history} stages={lifecycle.data?.definition.stages ?? []} />
    </section>
  );
}
