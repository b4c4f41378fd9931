import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchSegment } from '../api/segments';
import { useDocumentTitle } from '../app/use-document-title';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { SegmentForm } from './SegmentForm';

export function SegmentEditPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { id = '' } = useParams();
  const segment = useResource(`segment:${id}:edit`, (signal) => fetchSegment(api, id, signal));
  const title = segment.data ? t('segments.form.editTitle', { name: segment.data.name }) : t('segments.loadingOne');
  useDocumentTitle(title);
  return (
    <section className="page" aria-labelledby="segment-edit-heading">
      <p className="back-link">
        <Link to={`/segments/${encodeURIComponent(id)}`}>
          <span aria-hidden="true">← </span>
          {t('segments.backToSegment')}
        </Link>
      </p>
      <h1 id="segment-edit-heading">{title}</h1>
      {segment.loading && !segment.data && <LoadingBar label={t('segments.loadingOne')} />}
      {segment.error !== null && <ErrorAlert error={segment.error} onRetry={segment.reload} />}
      {segment.data && <SegmentForm key={segment.data.version} segment={segment.data} />}
    </section>
  );
}
