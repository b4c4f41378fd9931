import { useTranslation } from 'react-i18next';
import type { ClvReport } from '../api/analytics';
import { useFormatters } from '../i18n/use-formatters';
import { ExplainedValue } from './ExplainedValue';
import { useAnalyticsFormat } from './use-analytics-format';

/** The current CLV model: what was fitted on what data, how well, and whether it is stale. */
export function ClvModelFacts({ report }: { report: ClvReport }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const { model } = report;
  const unit = t(`analytics.unit.${model.time_unit}`);
  const transaction = Object.entries(model.params.transaction);
  // The Gamma-Gamma spend model's parameters, named by their symbols.
  const spend: ['p' | 'q' | 'gamma', string, number][] = [
    ['p', 'p', model.params.spend.p],
    ['q', 'q', model.params.spend.q],
    ['gamma', 'γ', model.params.spend.gamma],
  ];
  return (
    <div className="clv-model">
      {report.stale && (
        <div className="alert alert-warning" role="status">
          <p className="alert-heading">{t('analytics.clv.staleHeading')}</p>
          <p>{t('analytics.clv.staleHelp')}</p>
          <ul>
            {report.stale_reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      {!model.converged && (
        <p className="alert alert-warning" role="status">
          {t('analytics.clv.notConverged', { message: model.diagnostics.transaction.message })}
        </p>
      )}
      <dl className="explained-list" aria-label={t('analytics.clv.modelFacts')}>
        <ExplainedValue label={t('analytics.clv.kind')} value={t(`analytics.kind.${model.kind}`)} how={t('analytics.clv.kindHow')} />
        <ExplainedValue
          label={t('analytics.clv.calibrationEnd')}
          value={format.date(`${model.calibration_end}T00:00:00Z`)}
          how={t('analytics.clv.calibrationEndHow', {
            first: format.date(`${model.diagnostics.first_order_day}T00:00:00Z`),
            unit,
          })}
        />
        <ExplainedValue
          label={t('analytics.clv.customers')}
          value={t('analytics.clv.customersValue', { customers: num.count(model.customers), repeat: num.count(model.repeat_customers) })}
          how={t('analytics.clv.customersHow')}
        />
        <ExplainedValue label={t('analytics.clv.logLikelihood')} value={num.amount(model.log_likelihood)} how={t('analytics.clv.logLikelihoodHow')} />
        <ExplainedValue
          label={t('analytics.clv.converged')}
          value={model.converged ? t('analytics.clv.yes') : t('analytics.clv.no')}
          how={t('analytics.clv.convergedHow', { iterations: model.iterations })}
        />
        <ExplainedValue label={t('analytics.clv.fittedAt')} value={format.dateTime(model.fitted_at)} how={t('analytics.clv.fittedAtHow', { orders: num.count(model.data_orders) })} />
      </dl>
      <h3>{t('analytics.clv.params')}</h3>
      <dl className="explained-list params" aria-label={t('analytics.clv.params')}>
        {transaction.map(([name, value]) => (
          <ExplainedValue key={name} label={name} value={num.sig(value)} how={t(`analytics.param.${name}`, { unit, defaultValue: '' })} />
        ))}
        {spend.map(([name, symbol, value]) => (
          <ExplainedValue key={name} label={symbol} value={num.sig(value)} how={t(`analytics.param.${name}`)} />
        ))}
      </dl>
      {model.scoring && (
        <p className="help">
          {t('analytics.clv.scoringHow', {
            asOf: format.date(`${model.scoring.as_of}T00:00:00Z`),
            horizon: num.sig(model.scoring.horizon),
            unit,
            months: model.scoring.clv_periods,
            discount: num.percent(model.scoring.discount_rate),
            margin: num.percent(model.scoring.margin),
            accounts: num.count(model.scoring.accounts),
          })}
        </p>
      )}
    </div>
  );
}
