import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { localized } from '../api/lifecycle';
import { addSegmentMembers, deleteSegment, fetchSegment, removeSegmentMembers } from '../api/segments';
import { useDocumentTitle } from '../app/use-document-title';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';
import { RecomputePanel } from '../recompute/RecomputePanel';
import { SegmentHistory } from './SegmentHistory';
import { SegmentMembers } from './SegmentMembers';
import { StaticMembersForm } from './StaticMembersForm';

/** One segment: what it is, its rule in words, its members and who entered and left. */
export function SegmentPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const segment = useResource(`segment:${id}:${version}`, (signal) => fetchSegment(api, id, signal));
  useDocumentTitle(segment.data?.name ?? t('segments.loadingOne'));
  const refresh = useCallback(() => setVersion((n) => n + 1), []);

  async function changeMembers(action: 'add' | 'remove', ids: number[]) {
    const data = segment.data!;
    setBusy(true);
    try {
      const change = action === 'add' ? await addSegmentMembers(api, data.id, ids) : await removeSegmentMembers(api, data.id, ids);
      refresh();
      return change;
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    const data = segment.data!;
    if (!window.confirm(t('segments.deleteConfirm', { name: data.name }))) return;
    setBusy(true);
    setActionError(null);
    try {
      await deleteSegment(api, data.id);
      navigate('/segments');
    } catch (failure) {
      setActionError(failure);
      setBusy(false);
    }
  }

  const data = segment.data;
  const stale = data && data.kind === 'dynamic' && data.evaluated_version !== data.version;
  return (
    <article className="page" aria-busy={segment.loading}>
      <p className="back-link">
        <Link to="/segments">
          <span aria-hidden="true">← </span>
          {t('segments.back')}
        </Link>
      </p>
      {segment.loading && !data && <LoadingBar label={t('segments.loadingOne')} />}
      {segment.error !== null && <ErrorAlert error={segment.error} onRetry={segment.reload} />}
      {data && (
        <>
          <header className="account-header">
            <div>
              <h1>{data.name}</h1>
              <p className="muted">
                <code>{data.key}</code> · <span className="badge">{enumLabel(t, 'subjectTypePlural', data.subject_type)}</span>{' '}
                <span className={`badge segment-${data.kind}`}>{enumLabel(t, 'segmentKind', data.kind)}</span>{' '}
                {data.time_dependent && <span className="badge">{t('segments.timeDependentBadge')}</span>}
              </p>
              {data.description && <p>{data.description}</p>}
            </div>
            <dl className="stats" aria-label={t('segments.stats')}>
              <div>
                <dt>{t('segments.columns.members')}</dt>
                <dd>{format.number(data.member_count)}</dd>
              </div>
              <div>
                <dt>{t('segments.version')}</dt>
                <dd>{data.version}</dd>
              </div>
            </dl>
          </header>
          <div className="form-actions">
            <Link className="button-link" to={`/segments/${data.id}/edit`}>
              {t('segments.edit')}
            </Link>
            <button type="button" className="button-danger" onClick={() => void remove()} disabled={busy}>
              {t('segments.delete')}
            </button>
          </div>
          {actionError !== null && <ErrorAlert error={actionError} />}
          {data.kind === 'dynamic' && (
            <section className="card" aria-labelledby="segment-rule-heading">
              <h2 id="segment-rule-heading">{t('segments.ruleHeading')}</h2>
              {data.rule_text && <p className="rule-text">{localized(data.rule_text, i18n.language)}</p>}
              <p className="muted">
                {data.evaluated_at
                  ? t('segments.evaluatedAt', { when: format.dateTime(data.evaluated_at), version: data.evaluated_version ?? '' })
                  : t('segments.notEvaluatedLong')}
              </p>
              {stale && <p className="alert alert-warning">{t('segments.stale')}</p>}
              {data.time_dependent && <p className="help">{t('segments.timeDependent')}</p>}
              {data.referenced_by.length > 0 && <p className="help">{t('segments.referencedBy', { keys: data.referenced_by.join(', ') })}</p>}
              <details>
                <summary>{t('segments.ruleJson')}</summary>
                <pre>{JSON.stringify(data.rule, null, 2)}</pre>
              </details>
              <RecomputePanel onFinished={refresh} />
            </section>
          )}
          {data.kind === 'static' && (
            <StaticMembersForm subject={data.subject_type} busy={busy} onChange={changeMembers} />
          )}
          <SegmentMembers
            segment={data}
            version={version}
            busy={busy}
            {...(data.kind === 'static'
              ? {
                  onRemove: (memberId: number) => {
                    setActionError(null);
                    changeMembers('remove', [memberId]).catch(setActionError);
                  },
                }
              : {})}
          />
          <SegmentHistory segmentId={data.id} subject={data.subject_type} version={version} />
        </>
      )}
    </article>
  );
}
