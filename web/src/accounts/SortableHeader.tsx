import type { AccountSort } from '../api/accounts';
import { useTranslation } from 'react-i18next';

type Column = 'name' | 'created_at' | 'updated_at';

/** A column header that sorts by its column; a second press reverses the order. */
interface Props {
  column: Column;
  label: string;
  sort: AccountSort;
  onSort: (sort: AccountSort) => void;
  className?: string;
}

export function SortableHeader({ column, label, sort, onSort, className }: Props) {
  const { t } = useTranslation();
  const ascending = sort === column;
  const descending = sort === `-${column}`;
  const ariaSort = ascending ? 'ascending' : descending ? 'descending' : 'none';
  const next: AccountSort = ascending ? `-${column}` : column;
  return (
    <th scope="col" aria-sort={ariaSort} className={className}>
      <button type="button" className="sort-button" onClick={() => onSort(next)} title={t('accounts.sortBy', { column: label })}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {ascending ? '▲' : descending ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}
