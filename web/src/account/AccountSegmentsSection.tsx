import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { listSubjectSegments } from '../api/segments';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';

/** The segments the account is in now, since when. */
export function AccountSegmentsSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const segments = useResource(`account-segments:${accountId}`, (signal) => listSubjectSegments(api, 'account', accountId, signal));
  const list = segments.data?.data ?? [];
  return (
    <section className="card" aria-labelledby="account-segments-heading">
      <h2 id="account-segments-heading">{t('account.segments.heading')}</h2>
      {segments.loading && !segments.data && <LoadingBar label={t('account.segments.loading')} />}
      {segments.error !== null && <ErrorAlert error={segments.error} onRetry={segments.reload} />}
      {segments.data && list.length === 0 && <p className="muted">{t('account.segments.empty')}</p>}
      {list.length > 0 && (
        <ul className="segment-chips">
          {list.map((segment) => (
            <li key={segment.id}>
              <Link to={`/segments/${segment.id}`}>{segment.name}</Link>{' '}
              <span className={`badge segment-${segment.kind}`}>{enumLabel(t, 'segmentKind', segment.kind)}</span>{' '}
              <span className="muted">{t('account.segments.since', { date: format.date(segment.entered_at) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
