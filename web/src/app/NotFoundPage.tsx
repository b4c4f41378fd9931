import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from './use-document-title';

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <section className="page">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/accounts">{t('notFound.back')}</Link>
      </p>
    </section>
  );
}
