import { useTranslation } from 'react-i18next';
import { localized, type LifecycleStage, type StageHistoryEntry } from '../api/lifecycle';
import { ErrorAlert } from '../common/ErrorAlert';
import { FactList } from '../common/FactList';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import type { PagedList } from '../common/use-paged-list';
import { useFormatters } from '../i18n/use-formatters';

/** Every move between stages, newest first: when, from, to, by which transition and version, and the facts then. */
export function StageHistory({ history, stages }: { history: PagedList<StageHistoryEntry>; stages: readonly LifecycleStage[] }) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const nameOf = (key: string) => {
    const stage = stages.find((s) => s.key === key);
    return stage ? localized(stage.name, i18n.language) : key;
  };
  return (
    <div className="stage-history">
      <h3 id="stage-history-heading">{t('stage.historyHeading')}</h3>
      {history.loading && <LoadingBar label={t('stage.historyLoading')} />}
      {history.error !== null && <ErrorAlert error={history.error} onRetry={history.retry} />}
      {!history.loading && history.error === null && history.items.length === 0 && <p className="muted">{t('stage.historyEmpty')}</p>}
      {history.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact" aria-labelledby="stage-history-heading">
            <thead>
              <tr>
                <th scope="col">{t('stage.movedAt')}</th>
                <th scope="col">{t('stage.from')}</th>
                <th scope="col">{t('stage.to')}</th>
                <th scope="col" className="hide-narrow">{t('stage.transition')}</th>
                <th scope="col" className="numeric hide-narrow">{t('stage.version')}</th>
                <th scope="col">{t('stage.facts')}</th>
              </tr>
            </thead>
            <tbody>
              {history.items.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.moved_at}>{format.dateTime(entry.moved_at)}</time>
                  </td>
                  <td>{entry.from_stage ? nameOf(entry.from_stage) : <span className="muted">{t('stage.firstPlacement')}</span>}</td>
                  <td>{nameOf(entry.to_stage)}</td>
                  <td className="hide-narrow">{entry.transition_key ? <code>{entry.transition_key}</code> : ''}</td>
                  <td className="numeric hide-narrow">{entry.definition_version}</td>
                  <td>
                    {Object.keys(entry.facts).length > 0 ? (
                      <details>
                        <summary>{t('stage.showFacts', { count: Object.keys(entry.facts).length })}</summary>
                        <FactList facts={entry.facts} label={t('stage.facts')} />
                      </details>
                    ) : (
                      <span className="muted">{t('common.noFacts')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history.hasMore && !history.loading && <LoadMoreButton loading={history.loadingMore} onClick={history.loadMore} />}
    </div>
  );
}
