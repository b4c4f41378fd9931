import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { listSegmentMembers, type SegmentDetail } from '../api/segments';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { Pager } from '../common/Pager';
import { useKeysetPager } from '../common/use-keyset-pager';
import { useFormatters } from '../i18n/use-formatters';

interface Props {
  segment: SegmentDetail;
  /** Changes when members were added, removed or recomputed: back to the first page. */
  version: number;
  /** Static segments: remove one member. */
  onRemove?: (id: number) => void;
  busy?: boolean;
}

/** The members a page at a time, in id order, with when each entered. */
export function SegmentMembers({ segment, version, onRemove, busy = false }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const members = useKeysetPager(`members:${segment.id}:${version}`, (cursor, signal) => listSegmentMembers(api, segment.id, cursor, signal));
  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">{t('segments.members.heading', { shown: format.number(segment.member_count) })}</h2>
      {members.loading && <LoadingBar label={t('segments.members.loading')} />}
      {members.error !== null && <ErrorAlert error={members.error} onRetry={members.reload} />}
      {!members.loading && members.error === null && members.items.length === 0 && <p className="muted">{t('segments.members.empty')}</p>}
      {members.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact" aria-busy={members.loading}>
            <caption className="visually-hidden">{t('segments.members.caption', { page: members.page })}</caption>
            <thead>
              <tr>
                <th scope="col" className="numeric">{t('segments.members.id')}</th>
                <th scope="col">{t('segments.members.name')}</th>
                <th scope="col" className="hide-narrow">{t('segments.members.detail')}</th>
                <th scope="col">{t('segments.members.entered')}</th>
                {onRemove && <th scope="col">{t('segments.members.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {members.items.map((member) => (
                <tr key={member.id}>
                  <td className="numeric">{member.id}</td>
                  <th scope="row">
                    {segment.subject_type === 'account' ? (
                      <Link to={`/accounts/${member.id}`}>{member.name ?? `#${member.id}`}</Link>
                    ) : (
                      (member.name ?? `#${member.id}`)
                    )}
                  </th>
                  <td className="hide-narrow">{member.detail ?? ''}</td>
                  <td>
                    <time dateTime={member.entered_at}>{format.dateTime(member.entered_at)}</time>
                  </td>
                  {onRemove && (
                    <td>
                      <button type="button" className="button-quiet" disabled={busy} onClick={() => onRemove(member.id)}>
                        {t('segments.members.remove', { name: member.name ?? member.id })}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(members.hasPrevious || members.hasNext) && (
        <Pager page={members.page} hasPrevious={members.hasPrevious} hasNext={members.hasNext} busy={members.loading} onPrevious={members.previous} onNext={members.next} />
      )}
    </section>
  );
}
