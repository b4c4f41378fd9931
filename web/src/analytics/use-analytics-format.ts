import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface AnalyticsFormat {
  /** Four significant digits (model parameters). */
  sig(value: number): string;
  /** Two decimals (CLV, spend, log-likelihood). */
  amount(value: number): string;
  /** A share 0-1 as a percentage with one decimal. */
  percent(value: number): string;
  /** A whole number. */
  count(value: number): string;
}

/**
 * Number formats for the analytics in the chosen language. A value that is not a finite number
 * (a failed computation) is shown as "no value", never as NaN.
 */
export function useAnalyticsFormat(): AnalyticsFormat {
  const { t, i18n } = useTranslation();
  const missing = t('common.missing');
  return useMemo(() => {
    const language = i18n.language;
    const sig = new Intl.NumberFormat(language, { maximumSignificantDigits: 4 });
    const amount = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
    const count = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
    const guard = (format: Intl.NumberFormat) => (value: number) => (Number.isFinite(value) ? format.format(value) : missing);
    return { sig: guard(sig), amount: guard(amount), percent: guard(percent), count: guard(count) };
  }, [i18n.language, missing]);
}
