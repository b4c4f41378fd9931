import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** "<page> · Kanta" in the tab, in the chosen language. */
export function useDocumentTitle(title: string | null): void {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
