import { useTranslation } from 'react-i18next';
import type { FacetValue } from '../api/accounts';
import { useFormatters } from '../i18n/use-formatters';

interface Props {
  id: string;
  label: string;
  value: string;
  options: FacetValue[];
  /** How a value is shown (a country code as its name). */
  display?: (value: string) => string;
  onChange: (value: string) => void;
}

/** One filter: "All" or one of the values the facets endpoint counted. */
export function FacetSelect({ id, label, value, options, display, onChange }: Props) {
  const { t } = useTranslation();
  const format = useFormatters();
  const known = value === '' || options.some((option) => option.value === value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('accounts.any')}</option>
        {!known && <option value={value}>{display ? display(value) : value}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {t('accounts.facetOption', { value: display ? display(option.value) : option.value, count: format.number(option.count) })}
          </option>
        ))}
      </select>
    </div>
  );
}
