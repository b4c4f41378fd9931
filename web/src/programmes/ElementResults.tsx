import { useTranslation } from 'react-i18next';
import { ACTION_STATUSES } from '../api/care-actions';
import { fetchProgrammeResults, type OutcomeComparison } from '../api/programmes';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { outcomeVerdict, percentPoints } from './outcome-verdict';

/** A programme's results: who it reached, what it did, and the outcome of the treated against the control group. */
export function ElementResults({ elementId }: { elementId: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const results = useResource(`care-results:${elementId}`, (signal) => fetchProgrammeResults(api, elementId, signal));
  const data = results.data;
  const stat = (label: string, value: number) => (
    <div>
      <dt>{label}</dt>
      <dd>{format.number(value)}</dd>
    </div>
  );
  return (
    <section className="card results-card" aria-labelledby="results-heading">
      <div className="recompute-head">
        <h2 id="results-heading">{t('care.results.heading')}</h2>
        <button type="button" className="button-quiet" onClick={results.reload}>
          {t('care.results.refresh')}
        </button>
      </div>
      {results.loading && !data && <LoadingBar label={t('care.results.loading')} />}
      {results.error !== null && <ErrorAlert error={results.error} onRetry={results.reload} />}
      {data && (
        <>
          <dl className="stats">
            {stat(t('care.results.enrolled'), data.enrolled)}
            {stat(t('care.results.treated'), data.treated)}
            {stat(t('care.results.control'), data.control)}
            {stat(t('care.results.sent'), data.messages.sent + data.messages.outboxed)}
            {stat(t('care.results.opened'), data.messages.opened)}
            {stat(t('care.results.clicked'), data.messages.clicked)}
            {stat(t('care.results.tasksDone'), data.tasks.done)}
            {stat(t('care.results.tasksOpen'), data.tasks.open)}
          </dl>
          <p className="muted">
            {t('care.results.actions')}{' '}
            {ACTION_STATUSES.map((status) => t('care.results.actionCount', { status: t(`care.actionStatus.${status}`), count: format.number(data.actions[status] ?? 0) })).join(' · ')}
            {data.messages.outboxed > 0 && ` · ${t('care.results.outboxed', { count: data.messages.outboxed })}`}
            {data.messages.bounced > 0 && ` · ${t('care.results.bounced', { count: data.messages.bounced })}`}
          </p>
          {data.skip_reasons.length > 0 && (
            <details>
              <summary>{t('care.results.skipReasons')}</summary>
              <ul>
                {data.skip_reasons.map((reason) => (
                  <li key={reason.reason}>
                    {reason.reason}: {format.number(reason.count)}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {data.outcome ? <OutcomeExplained outcome={data.outcome} /> : <p className="muted">{t('care.results.noOutcome')}</p>}
        </>
      )}
    </section>
  );
}

function OutcomeExplained({ outcome }: { outcome: OutcomeComparison }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const verdict = outcomeVerdict(outcome);
  const pct = (rate: number | null) => (rate === null ? t('care.results.unknown') : format.decimal(percentPoints(rate)));
  const { definition } = outcome;
  const what = t(`care.outcomeKind.${definition.kind}`);
  return (
    <div className="outcome">
      <h3>{t('care.results.outcomeHeading', { what, days: definition.days })}</h3>
      <table className="data-table outcome-table">
        <thead>
          <tr>
            <th scope="col">{t('care.results.group')}</th>
            <th scope="col" className="numeric">
              {t('care.results.subjects')}
            </th>
            <th scope="col" className="numeric">
              {t('care.results.reached')}
            </th>
            <th scope="col" className="numeric">
              {t('care.results.rate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {(['treated', 'control'] as const).map((group) => (
            <tr key={group}>
              <th scope="row">{t(`care.results.${group}`)}</th>
              <td className="numeric">{format.number(outcome[group].measured)}</td>
              <td className="numeric">{format.number(outcome[group].successes)}</td>
              <td className="numeric">{outcome[group].rate === null ? t('care.results.unknown') : t('care.results.percent', { value: pct(outcome[group].rate) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {outcome.pending > 0 && <p className="help">{t('care.results.pending', { count: outcome.pending })}</p>}
      {outcome.difference !== null && outcome.ci95 !== null && (
        <p className="outcome-difference">
          {t('care.results.difference', {
            difference: format.decimal(percentPoints(outcome.difference)),
            low: format.decimal(percentPoints(outcome.ci95.low)),
            high: format.decimal(percentPoints(outcome.ci95.high)),
          })}
        </p>
      )}
      <p className={`outcome-verdict verdict-${verdict}`}>
        {t(`care.results.verdict.${verdict}`, { treated: pct(outcome.treated.rate), control: pct(outcome.control.rate), what, days: definition.days })}
      </p>
    </div>
  );
}
