import type { TFunction } from 'i18next';

/** The reasons the product knows (the demo company's and the usual ones); others are shown as written. */
const KNOWN = ['not_used', 'price', 'budget_cut', 'switched_competitor', 'missing_features', 'company_closed'] as const;
type KnownReason = (typeof KNOWN)[number];
const isKnown = (reason: string): reason is KnownReason => (KNOWN as readonly string[]).includes(reason);

/** A known reason key in words; a reason the customer gave in their own words as it is. */
export function reasonLabel(t: TFunction, reason: string): string {
  if (reason === '(not given)') return t('analytics.leaving.reasons.not_given');
  return isKnown(reason) ? t(`analytics.leaving.reasons.${reason}`) : reason;
}
