import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../app/use-document-title';
import { SegmentForm } from './SegmentForm';

export function SegmentNewPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('segments.form.newTitle'));
  return (
    <section className="page" aria-labelledby="segment-new-heading">
      <p className="back-link">
        <Link to="/segments">
          <span aria-hidden="true">← </span>
          {t('segments.back')}
        </Link>
      </p>
      <h1 id="segment-new-heading">{t('segments.form.newTitle')}</h1>
      <SegmentForm />
    </section>
  );
}
