import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localized } from '../api/lifecycle';
import { listCareElementVersions, type CareElementVersion } from '../api/programmes';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';

/**
 * Every saved version of a care element, newest first: when it was saved and whether the element
 * was on; any version's definition can be read (a summary and the JSON), not edited.
 */
export function ElementVersionHistory({ elementId, currentVersion }: { elementId: number; currentVersion: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  // Reloaded after every save: the current version is part of the key.
  const versions = useResource(`care-element-versions:${elementId}:${currentVersion}`, (signal) => listCareElementVersions(api, elementId, signal));
  const [shown, setShown] = useState<number | null>(null);
  const list = versions.data?.data ?? [];
  const chosen = list.find((entry) => entry.version === shown);
  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">{t('care.versions.heading')}</h2>
      <p className="help">{t('care.versions.help')}</p>
      {versions.loading && !versions.data && <LoadingBar label={t('care.versions.loading')} />}
      {versions.error !== null && <ErrorAlert error={versions.error} onRetry={versions.reload} />}
      {versions.data && list.length === 0 && <p className="muted">{t('care.versions.empty')}</p>}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact" aria-label={t('care.versions.heading')}>
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  {t('care.versions.version')}
                </th>
                <th scope="col">{t('care.versions.saved')}</th>
                <th scope="col">{t('care.versions.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('care.versions.view')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((entry) => (
                <tr key={entry.version} aria-current={entry.version === currentVersion ? 'true' : undefined}>
                  <th scope="row" className="numeric">
                    {entry.version}
                    {entry.version === currentVersion && <span className="muted"> {t('care.versions.current')}</span>}
                  </th>
                  <td>
                    <time dateTime={entry.created_at}>{format.dateTime(entry.created_at)}</time>
                  </td>
                  <td>
                    <span className={`badge ${entry.enabled ? 'badge-on' : 'badge-off'}`}>{entry.enabled ? t('care.enabled') : t('care.disabled')}</span>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button-quiet"
                      aria-expanded={shown === entry.version}
                      aria-controls="version-definition"
                      aria-label={t(shown === entry.version ? 'care.versions.hideLabel' : 'care.versions.viewLabel', { version: entry.version })}
                      onClick={() => setShown(shown === entry.version ? null : entry.version)}
                    >
                      {shown === entry.version ? t('care.versions.hide') : t('care.versions.view')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div id="version-definition">{chosen && <VersionDefinition entry={chosen} />}</div>
    </section>
  );
}

/** One version's definition, read-only: what it is, where it sits, how it starts, its steps, and the whole as JSON. */
function VersionDefinition({ entry }: { entry: CareElementVersion }) {
  const { t, i18n } = useTranslation();
  const definition = entry.definition;
  const headingId = `version-${entry.version}-heading`;
  const fact = (label: string, value: string) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  const stages = definition.placement.stages.length > 0 ? definition.placement.stages.join(', ') : t('care.versions.every');
  const segments = definition.placement.segments.length > 0 ? definition.placement.segments.join(', ') : t('care.versions.every');
  const steps = definition.steps.length > 0 ? definition.steps.map((step) => `${t(`care.stepKind.${step.kind}`)} (${step.id})`).join(' → ') : t('care.versions.noSteps');
  return (
    <section className="version-definition" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('care.versions.definitionHeading', { version: entry.version })}</h3>
      <dl className="fact-list">
        {fact(t('care.editor.name'), localized(definition.name, i18n.language))}
        {fact(t('care.editor.phase'), t(`care.phase.${definition.phase}`))}
        {fact(t('care.editor.stages'), stages)}
        {fact(t('care.editor.segments'), segments)}
        {fact(t('care.editor.trigger.heading'), t(`care.triggerKind.${definition.trigger.kind}`))}
        {fact(t('care.editor.steps'), steps)}
        {fact(t('care.versions.holdout'), t('care.versions.percent', { value: definition.holdout_percent }))}
      </dl>
      <details>
        <summary>{t('care.versions.json')}</summary>
        <pre className="definition-json">{JSON.stringify(definition, null, 2)}</pre>
      </details>
    </section>
  );
}
