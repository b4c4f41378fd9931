import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SUBJECT_TYPES, type SubjectType } from '../api/rule';
import { listSegments } from '../api/segments';
import { useDocumentTitle } from '../app/use-document-title';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';

/** Every segment of the workspace by name, with its size and when it was last evaluated. */
export function SegmentListPage() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const [params, setParams] = useSearchParams();
  const subject = (SUBJECT_TYPES as readonly string[]).includes(params.get('subject') ?? '') ? (params.get('subject') as SubjectType) : '';
  const list = useResource(`segments:${subject}`, (signal) => listSegments(api, { subject_type: subject }, signal));
  useDocumentTitle(t('segments.title'));
  const segments = list.data?.data ?? [];
  return (
    <section className="page" aria-labelledby="segments-heading">
      <div className="page-head">
        <h1 id="segments-heading">{t('segments.title')}</h1>
        <Link className="button-link button-primary" to="/segments/new">
          {t('segments.new')}
        </Link>
      </div>
      <p className="lead">{t('segments.intro')}</p>
      <div className="field field-inline">
        <label htmlFor="segments-subject">{t('segments.subjectFilter')}</label>
        <select id="segments-subject" value={subject} onChange={(e) => setParams(e.target.value ? { subject: e.target.value } : {}, { replace: true })}>
          <option value="">{t('segments.allSubjects')}</option>
          {SUBJECT_TYPES.map((value) => (
            <option key={value} value={value}>
              {enumLabel(t, 'subjectTypePlural', value)}
            </option>
          ))}
        </select>
      </div>
      <div className="list-status">{list.loading && <LoadingBar label={t('segments.loading')} />}</div>
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.data && segments.length === 0 && !list.loading && (
        <p className="empty" role="status">
          {t('segments.empty')}
        </p>
      )}
      {segments.length > 0 && (
        <div className="table-scroll">
          <table className="data-table segment-table" aria-busy={list.loading}>
            <caption className="visually-hidden">{t('segments.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('segments.columns.name')}</th>
                <th scope="col">{t('segments.columns.subject')}</th>
                <th scope="col">{t('segments.columns.kind')}</th>
                <th scope="col" className="numeric">{t('segments.columns.members')}</th>
                <th scope="col" className="hide-narrow">{t('segments.columns.evaluated')}</th>
              </tr>
            </thead>
            <tbody>
              {segments.map((segment) => (
                <tr key={segment.id}>
                  <th scope="row">
                    <Link to={`/segments/${segment.id}`}>{segment.name}</Link>
                    <span className="muted segment-key">
                      <code>{segment.key}</code>
                    </span>
                  </th>
                  <td>{enumLabel(t, 'subjectType', segment.subject_type)}</td>
                  <td>
                    <span className={`badge segment-${segment.kind}`}>{enumLabel(t, 'segmentKind', segment.kind)}</span>
                  </td>
                  <td className="numeric">{format.number(segment.member_count)}</td>
                  <td className="hide-narrow">
                    {segment.kind === 'static' ? (
                      <span className="muted">{t('segments.byHand')}</span>
                    ) : segment.evaluated_at ? (
                      <time dateTime={segment.evaluated_at}>{format.dateTime(segment.evaluated_at)}</time>
                    ) : (
                      <span className="muted">{t('segments.notEvaluated')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
