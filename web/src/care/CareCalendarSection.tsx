import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchCareCalendar, type CalendarAction } from '../api/care-actions';
import { localized } from '../api/lifecycle';
import type { SubjectType } from '../api/rule';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';

/**
 * What Kanta will do for this customer and when (scheduled actions, the next anniversaries and
 * date-trait triggers), and what it has done (actions finished, skipped with their reason).
 */
export function CareCalendarSection({ subject, id, title }: { subject: SubjectType; id: string; title?: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const calendar = useResource(`care-calendar:${subject}:${id}`, (signal) => fetchCareCalendar(api, subject, id, signal));
  const data = calendar.data;
  const headingId = `care-calendar-${subject}-${id}`;
  const elementName = (action: CalendarAction) => localized(action.element_name, i18n.language);
  const coming = data
    ? [
        ...data.scheduled.map((action) => ({
          at: new Date(action.due_at).getTime(),
          when: format.dateTime(action.due_at),
          key: `a${action.id}`,
          elementId: action.element_id,
          name: elementName(action),
          what: t(`care.stepKind.${action.kind}`),
          status: t(`care.actionStatus.${action.status}`),
        })),
        ...data.upcoming.map((entry) => ({
          at: new Date(`${entry.on}T12:00:00`).getTime(),
          when: format.date(`${entry.on}T12:00:00`),
          key: `u${entry.element_id}`,
          elementId: entry.element_id,
          name: localized(entry.element_name, i18n.language),
          what: t(`care.triggerKind.${entry.kind}`),
          status: t('care.calendar.triggerDate', { from: format.date(`${entry.from_date}T12:00:00`) }),
        })),
      ].sort((a, b) => a.at - b.at)
    : [];
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title ?? t('care.calendar.heading')}</h2>
      {calendar.loading && !data && <LoadingBar label={t('care.calendar.loading')} />}
      {calendar.error !== null && <ErrorAlert error={calendar.error} onRetry={calendar.reload} />}
      {data && (
        <div className="calendar-columns">
          <div>
            <h3>{t('care.calendar.coming')}</h3>
            {coming.length === 0 ? (
              <p className="muted">{t('care.calendar.nothingComing')}</p>
            ) : (
              <table className="data-table calendar-table" aria-label={t('care.calendar.coming')}>
                <thead>
                  <tr>
                    <th scope="col">{t('care.calendar.when')}</th>
                    <th scope="col">{t('care.calendar.programme')}</th>
                    <th scope="col">{t('care.calendar.what')}</th>
                    <th scope="col">{t('care.calendar.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {coming.map((entry) => (
                    <tr key={entry.key}>
                      <td>{entry.when}</td>
                      <th scope="row">
                        <Link to={`/care/elements/${entry.elementId}`}>{entry.name}</Link>
                      </th>
                      <td>{entry.what}</td>
                      <td>{entry.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div>
            <h3>{t('care.calendar.history')}</h3>
            {data.history.length === 0 ? (
              <p className="muted">{t('care.calendar.noHistory')}</p>
            ) : (
              <table className="data-table calendar-table" aria-label={t('care.calendar.history')}>
                <thead>
                  <tr>
                    <th scope="col">{t('care.calendar.when')}</th>
                    <th scope="col">{t('care.calendar.programme')}</th>
                    <th scope="col">{t('care.calendar.what')}</th>
                    <th scope="col">{t('care.calendar.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.history.map((action) => (
                    <tr key={action.id}>
                      <td>{format.dateTime(action.finished_at ?? action.due_at)}</td>
                      <th scope="row">
                        <Link to={`/care/elements/${action.element_id}`}>{elementName(action)}</Link>
                      </th>
                      <td>{t(`care.stepKind.${action.kind}`)}</td>
                      <td>
                        <span className={`badge badge-${action.status}`}>{t(`care.actionStatus.${action.status}`)}</span>
                        {(action.skip_reason ?? action.last_error) && <span className="muted calendar-reason"> {action.skip_reason ?? action.last_error}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
