import { useTranslation } from 'react-i18next';
import { fetchClvReport } from '../api/analytics';
import { ApiError } from '../api/api-error';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { ClvDistribution } from './ClvDistribution';
import { ClvFitForm } from './ClvFitForm';
import { ClvModelFacts } from './ClvModelFacts';
import { ClvTopAccounts } from './ClvTopAccounts';

/** Customer lifetime value: the current model, a form to fit a new one, the distribution and the top accounts. */
export function ClvSection({ version, onFitted }: { version: number; onFitted: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const report = useResource(`clv:${version}`, (signal) => fetchClvReport(api, signal));
  // 404: no model has been fitted yet, which is no error here.
  const noModel = report.error instanceof ApiError && report.error.status === 404;
  const data = noModel ? null : report.data;
  return (
    <section className="card analytics-section" aria-labelledby="clv-heading">
      <h2 id="clv-heading">{t('analytics.clv.heading')}</h2>
      <p className="help">{t('analytics.clv.intro')}</p>
      {report.loading && <LoadingBar label={t('analytics.clv.loading')} />}
      {noModel && <p className="muted">{t('analytics.clv.noModel')}</p>}
      {report.error !== null && !noModel && <ErrorAlert error={report.error} onRetry={report.reload} />}
      <div className="clv-grid">
        <div>{data && <ClvModelFacts report={data} />}</div>
        <ClvFitForm onFitted={onFitted} />
      </div>
      {data?.distribution && <ClvDistribution distribution={data.distribution} />}
      {data && !data.distribution && <p className="muted">{t('analytics.clv.notScored')}</p>}
      {data && data.top_accounts.length > 0 && <ClvTopAccounts accounts={data.top_accounts} />}
    </section>
  );
}
