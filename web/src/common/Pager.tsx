import { useTranslation } from 'react-i18next';

interface Props {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  busy: boolean;
  onPrevious: () => void;
  onNext: () => void;
}

/** Keyset paging: previous and next only (a page number, never a total). */
export function Pager({ page, hasPrevious, hasNext, busy, onPrevious, onNext }: Props) {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button type="button" onClick={onPrevious} disabled={!hasPrevious || busy}>
        <span aria-hidden="true">← </span>
        {t('pager.previous')}
      </button>
      <span className="pager-page" aria-current="page">
        {t('pager.page', { page })}
      </span>
      <button type="button" onClick={onNext} disabled={!hasNext || busy}>
        {t('pager.next')}
        <span aria-hidden="true"> →</span>
      </button>
    </nav>
  );
}
