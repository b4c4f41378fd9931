import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { localized } from '../api/lifecycle';
import type { SubjectType } from '../api/rule';
import { ErrorAlert } from '../common/ErrorAlert';
import { FactList } from '../common/FactList';
import { LoadingBar } from '../common/LoadingBar';
import { useFormatters } from '../i18n/use-formatters';
import type { PreviewState } from './use-segment-preview';

/** The rule's live count, its text and sample members with the facts that made them match. */
export function PreviewPanel({ state, subject, empty }: { state: PreviewState; subject: SubjectType; empty: boolean }) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const { preview, error, loading } = state;
  const refused = error instanceof ApiError && (error.problem.errors?.length ?? 0) > 0;
  return (
    <section className="card preview-panel" aria-labelledby="preview-heading" aria-busy={loading}>
      <h2 id="preview-heading">{t('segments.preview.heading')}</h2>
      {empty && <p className="muted">{t('segments.preview.empty')}</p>}
      {!empty && loading && <LoadingBar label={t('segments.preview.counting')} />}
      {!empty && refused && (
        <p className="alert alert-warning" role="status">
          {t('segments.preview.refused')}
        </p>
      )}
      {!empty && error !== null && !refused && <ErrorAlert error={error} />}
      {!empty && preview && error === null && (
        <div className={loading ? 'stale' : undefined}>
          <p className="preview-count" role="status">
            {t(subject === 'account' ? 'segments.preview.countAccounts' : 'segments.preview.countContacts', {
              matched: format.number(preview.count),
              total: format.number(preview.out_of),
            })}
          </p>
          {preview.time_dependent && <p className="help">{t('segments.timeDependent')}</p>}
          <h3>{t('segments.preview.ruleText')}</h3>
          <p className="rule-text">{localized(preview.rule_text, i18n.language)}</p>
          {preview.sample.length > 0 && (
            <>
              <h3 id="preview-sample-heading">{t('segments.preview.sample', { shown: format.number(preview.sample.length) })}</h3>
              <div className="table-scroll">
                <table className="data-table compact" aria-labelledby="preview-sample-heading">
                  <thead>
                    <tr>
                      <th scope="col">{t('segments.members.name')}</th>
                      <th scope="col" className="hide-narrow">{t('segments.members.detail')}</th>
                      <th scope="col">{t('segments.preview.facts')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.sample.map((member) => (
                      <tr key={member.id}>
                        <th scope="row">
                          {subject === 'account' ? (
                            <Link to={`/accounts/${member.id}`}>{member.name ?? `#${member.id}`}</Link>
                          ) : (
                            (member.name ?? `#${member.id}`)
                          )}
                        </th>
                        <td className="hide-narrow">{member.detail ?? ''}</td>
                        <td>
                          <FactList facts={member.facts} label={t('segments.preview.factsOf', { name: member.name ?? member.id })} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
