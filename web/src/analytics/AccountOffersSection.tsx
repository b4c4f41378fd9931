import { useTranslation } from 'react-i18next';
import { fetchAccountRecommendations } from '../api/recommendations';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { offerReason } from './offer-reason';
import { useAnalyticsFormat } from './use-analytics-format';
import './analytics.css';

/** The account's next-best offers, each with its reason in words and the rule's lift and support. */
export function AccountOffersSection({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const offers = useResource(`account-offers:${accountId}`, (signal) => fetchAccountRecommendations(api, accountId, 3, signal));
  const data = offers.data;
  return (
    <section className="card" aria-labelledby="account-offers-heading">
      <h2 id="account-offers-heading">{t('analytics.nbo.heading')}</h2>
      {offers.loading && !data && <LoadingBar label={t('analytics.nbo.loading')} />}
      {offers.error !== null && <ErrorAlert error={offers.error} onRetry={offers.reload} />}
      {data && data.recommendations.length === 0 && <p className="muted">{t('analytics.nbo.empty')}</p>}
      {data && data.recommendations.length > 0 && (
        <ol className="offer-list">
          {data.recommendations.map((offer) => (
            <li key={offer.product.id} className="offer" data-kind={offer.kind}>
              <div className="offer-head">
                <span className="offer-product">{offer.product.name}</span>
                <span className={`badge offer-kind-${offer.kind}`}>{t(`analytics.nbo.kind.${offer.kind}`)}</span>
                <span className="offer-score">{num.percent(offer.score)}</span>
              </div>
              <p className="offer-reason">{offerReason(t, offer, num.percent, i18n.language)}</p>
              {(offer.lift !== null || offer.support !== null) && (
                <p className="explained-how">
                  {[
                    offer.lift !== null ? t('analytics.nbo.lift', { lift: num.sig(offer.lift) }) : null,
                    offer.support !== null ? t('analytics.nbo.support', { support: num.percent(offer.support) }) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {data && <p className="help">{t('analytics.nbo.how', { date: format.dateTime(data.rules_as_of), accounts: num.count(data.accounts_in_rules) })}</p>}
    </section>
  );
}
