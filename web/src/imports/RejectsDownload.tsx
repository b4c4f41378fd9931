import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchImportRejects } from '../api/imports';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';

/** The rejects file needs the admin key, so it is fetched and then saved from memory. */
export function RejectsDownload({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const blob = await fetchImportRejects(api, jobId);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `kanta-import-${jobId}-rejects.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="rejects-download">
      {busy ? (
        <LoadingBar label={t('imports.rejects.downloading')} />
      ) : (
        <button type="button" onClick={download}>
          {t('imports.rejects.download')}
        </button>
      )}
      {error !== null && <ErrorAlert error={error} />}
    </div>
  );
}
