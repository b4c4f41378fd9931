import type { TFunction } from 'i18next';
import type { Recommendation } from '../api/recommendations';

/**
 * An offer's reason in words: cross-sell "72 % of customers who bought X and Y then bought Z",
 * base rate "N % of customers bought Z later", up-sell "N % of customers on plan A moved up to B".
 */
export function offerReason(t: TFunction, offer: Recommendation, percent: (v: number) => string, language: string): string {
  const share = percent(offer.score);
  const product = offer.product.name;
  if (offer.kind === 'up_sell') {
    return t('analytics.nbo.reasonUpSell', { share, from: offer.because[0]?.name ?? t('common.none'), to: product });
  }
  if (offer.because.length === 0) return t('analytics.nbo.reasonBase', { share, product });
  const list = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(offer.because.map((p) => p.name));
  return t('analytics.nbo.reasonRule', { share, products: list, product });
}
