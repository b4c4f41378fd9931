import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../app/use-document-title';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { ImportJobView } from './ImportJobView';
import { usePolledImport } from './use-polled-import';

/** One import by id; still running ones keep updating. */
export function ImportJobPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { job, error } = usePolledImport(id);
  useDocumentTitle(t('imports.job', { id }));
  return (
    <section className="page">
      <p className="back-link">
        <Link to="/imports">
          <span aria-hidden="true">← </span>
          {t('imports.back')}
        </Link>
      </p>
      {!job && error === null && <LoadingBar label={t('imports.loading')} />}
      {error !== null && <ErrorAlert error={error} />}
      {job && <ImportJobView job={job} fileSize={null} fileName={null} />}
    </section>
  );
}
