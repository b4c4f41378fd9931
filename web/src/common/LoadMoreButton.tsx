import { useTranslation } from 'react-i18next';
import { LoadingBar } from './LoadingBar';

/** "Load more" under a keyset list; shows progress while the next page comes. */
export function LoadMoreButton({ loading, onClick }: { loading: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  if (loading) return <LoadingBar label={t('common.loadingMore')} />;
  return (
    <button type="button" className="load-more" onClick={onClick}>
      {t('common.loadMore')}
    </button>
  );
}
