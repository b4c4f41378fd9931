import { useTranslation } from 'react-i18next';
import { ACCOUNT_SORTS, type AccountSort } from '../api/accounts';

export function AccountSortSelect({ value, onChange }: { value: AccountSort; onChange: (sort: AccountSort) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field field-inline">
      <label htmlFor="account-sort">{t('accounts.sortLabel')}</label>
      <select id="account-sort" value={value} onChange={(event) => onChange(event.target.value as AccountSort)}>
        {ACCOUNT_SORTS.map((sort) => (
          <option key={sort} value={sort}>
            {t(`accounts.sort.${sort}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
