import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../app/use-document-title';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { ImportForm } from './ImportForm';
import { ImportHistory } from './ImportHistory';
import { ImportJobView } from './ImportJobView';
import { useImportUpload } from './use-import-upload';

export function ImportsPage() {
  const { t } = useTranslation();
  const [historyVersion, setHistoryVersion] = useState(0);
  const refreshHistory = useCallback(() => setHistoryVersion((n) => n + 1), []);
  const upload = useImportUpload(refreshHistory);
  const { state } = upload;
  useDocumentTitle(t('imports.title'));
  return (
    <section className="page" aria-labelledby="imports-heading">
      <h1 id="imports-heading">{t('imports.title')}</h1>
      <p className="lead">{t('imports.intro')}</p>
      <div className="imports-grid">
        <ImportForm busy={upload.busy} onStart={upload.start} />
        <div className="import-current" aria-live="polite">
          {state.phase === 'creating' && <LoadingBar label={t('imports.starting')} />}
          {state.phase === 'failed' && <ErrorAlert error={state.error} />}
          {'job' in state && state.job && (
            <ImportJobView job={state.job} fileSize={state.file.size} fileName={state.file.name} />
          )}
        </div>
      </div>
      <ImportHistory version={historyVersion} />
    </section>
  );
}
