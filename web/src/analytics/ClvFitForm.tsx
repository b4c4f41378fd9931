import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TIME_UNITS, fitClvModel, type ClvFitRequest, type ClvFitResult, type TimeUnit } from '../api/analytics';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useAnalyticsFormat } from './use-analytics-format';

type FitState = { status: 'idle' } | { status: 'fitting' } | { status: 'done'; result: ClvFitResult } | { status: 'failed'; error: unknown };

/** Fits a new CLV model (and scores the accounts with it); the server's refusal is shown as it said it. */
export function ClvFitForm({ onFitted }: { onFitted: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const num = useAnalyticsFormat();
  const [calibrationEnd, setCalibrationEnd] = useState('');
  const [unit, setUnit] = useState<TimeUnit>('week');
  const [horizon, setHorizon] = useState('');
  const [discount, setDiscount] = useState('');
  const [state, setState] = useState<FitState>({ status: 'idle' });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: ClvFitRequest = { unit };
    if (calibrationEnd) body.calibration_end = calibrationEnd;
    if (horizon.trim()) body.horizon = Number(horizon);
    // The form asks for a percentage; the API takes a fraction.
    if (discount.trim()) body.discount_rate = Number(discount) / 100;
    setState({ status: 'fitting' });
    try {
      const result = await fitClvModel(api, body);
      setState({ status: 'done', result });
      onFitted();
    } catch (error) {
      setState({ status: 'failed', error });
    }
  }

  const fitting = state.status === 'fitting';
  return (
    <form className="clv-fit-form" onSubmit={submit} aria-labelledby="clv-fit-heading">
      <h3 id="clv-fit-heading">{t('analytics.fit.heading')}</h3>
      <p className="help">{t('analytics.fit.help')}</p>
      <div className="fit-fields">
        <div className="field">
          <label htmlFor="fit-calibration-end">{t('analytics.fit.calibrationEnd')}</label>
          <input id="fit-calibration-end" type="date" value={calibrationEnd} onChange={(e) => setCalibrationEnd(e.target.value)} aria-describedby="fit-calibration-help" />
          <span id="fit-calibration-help" className="help">
            {t('analytics.fit.calibrationEndHelp')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="fit-unit">{t('analytics.fit.unit')}</label>
          <select id="fit-unit" value={unit} onChange={(e) => setUnit(e.target.value as TimeUnit)}>
            {TIME_UNITS.map((value) => (
              <option key={value} value={value}>
                {t(`analytics.unit.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="fit-horizon">{t('analytics.fit.horizon')}</label>
          <input id="fit-horizon" type="number" min="0" max="10000" step="any" inputMode="decimal" value={horizon} onChange={(e) => setHorizon(e.target.value)} aria-describedby="fit-horizon-help" />
          <span id="fit-horizon-help" className="help">
            {t('analytics.fit.horizonHelp')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="fit-discount">{t('analytics.fit.discount')}</label>
          <input id="fit-discount" type="number" min="0" max="99.99" step="any" inputMode="decimal" value={discount} onChange={(e) => setDiscount(e.target.value)} aria-describedby="fit-discount-help" />
          <span id="fit-discount-help" className="help">
            {t('analytics.fit.discountHelp')}
          </span>
        </div>
      </div>
      <button type="submit" disabled={fitting}>
        {t('analytics.fit.submit')}
      </button>
      {fitting && <LoadingBar label={t('analytics.fit.fitting')} />}
      {state.status === 'failed' && <ErrorAlert error={state.error} />}
      {state.status === 'done' && (
        <p className="alert alert-success" role="status">
          {state.result.scoring
            ? t('analytics.fit.doneScored', {
                seconds: num.sig(state.result.elapsed_ms / 1000),
                accounts: num.count(state.result.model.scoring?.accounts ?? 0),
                changed: num.count(state.result.scoring.changed),
              })
            : t('analytics.fit.done', { seconds: num.sig(state.result.elapsed_ms / 1000) })}
        </p>
      )}
    </form>
  );
}
