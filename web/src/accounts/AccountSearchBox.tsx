import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '../common/use-debounced-value';

const DEBOUNCE_MS = 300;

/** Search as you type (debounced); Enter searches at once. */
export function AccountSearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const debounced = useDebouncedValue(text, DEBOUNCE_MS);
  const current = useRef(value);
  current.current = value;

  // The URL changed underneath (back, clear filters): show what is searched.
  useEffect(() => setText(value), [value]);

  useEffect(() => {
    if (debounced.trim() !== current.current.trim()) onSearch(debounced.trim());
    // Only a settled change of the typed text searches.
  }, [debounced]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() !== value.trim()) onSearch(text.trim());
  }

  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor="account-search">{t('accounts.searchLabel')}</label>
      <div className="search-row">
        <input
          id="account-search"
          type="search"
          value={text}
          placeholder={t('accounts.searchPlaceholder')}
          autoComplete="off"
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit">{t('accounts.searchSubmit')}</button>
      </div>
    </form>
  );
}
