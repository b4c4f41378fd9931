import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Formatters {
  number(value: number): string;
  /** A number with at most one decimal (medians, averages). */
  decimal(value: number): string;
  money(value: number, currency: string): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  bytes(value: number): string;
  country(code: string): string;
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** Intl formatters for the chosen language, made once per language. */
export function makeFormatters(language: string): Formatters {
  const integer = new Intl.NumberFormat(language);
  const decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const regions = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
  const money = new Map<string, Intl.NumberFormat>();
  const bytes = BYTE_UNITS.map(
    (unit) => new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: unit === 'byte' ? 'narrow' : 'short', maximumFractionDigits: unit === 'byte' ? 0 : 1 }),
  );
  return {
    number: (value) => integer.format(value),
    decimal: (value) => decimal.format(value),
    money(value, currency) {
      let format = money.get(currency);
      if (!format) {
        try {
          format = new Intl.NumberFormat(language, { style: 'currency', currency });
        } catch {
          format = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        }
        money.set(currency, format);
      }
      return format.format(value);
    },
    date: (iso) => date.format(new Date(iso)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    bytes(value) {
      let unit = 0;
      let scaled = value;
      while (scaled >= 1000 && unit < BYTE_UNITS.length - 1) {
        scaled /= 1000;
        unit += 1;
      }
      return (bytes[unit] ?? integer).format(scaled);
    },
    country(code) {
      try {
        return regions.of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}

export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => makeFormatters(i18n.language), [i18n.language]);
}
