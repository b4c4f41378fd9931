import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CareElement } from '../api/care-element';
import { localized } from '../api/lifecycle';
import { fetchCareMatrix } from '../api/programmes';
import type { SubjectType } from '../api/rule';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { useResource } from '../common/use-resource';

/**
 * The micro matrix: each email and survey (content) against the buyer personas, telling
 * whether a persona gets its own variant, the default text, or nothing.
 */
export function MicroMatrix({ subject, elements, version }: { subject: SubjectType; elements: readonly CareElement[]; version: number }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const matrix = useResource(`care-micro:${subject}:${version}`, (signal) => fetchCareMatrix(api, subject, signal));
  const micro = matrix.data?.micro;
  const byKey = new Map(elements.map((element) => [element.key, element]));
  return (
    <section className="card" aria-labelledby="micro-heading">
      <h2 id="micro-heading">{t('care.micro.heading')}</h2>
      <p className="help">{t('care.micro.help')}</p>
      {matrix.error !== null && <ErrorAlert error={matrix.error} onRetry={matrix.reload} />}
      {micro && micro.personas.length === 0 && <p className="muted">{t('care.micro.noPersonas')}</p>}
      {micro && micro.personas.length > 0 && micro.rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table micro-matrix">
            <thead>
              <tr>
                <th scope="col">{t('care.micro.content')}</th>
                {micro.personas.map((persona) => (
                  <th scope="col" key={persona}>
                    {persona}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {micro.rows.map((row) => {
                const element = byKey.get(row.element);
                return (
                  <tr key={`${row.element}/${row.step}`}>
                    <th scope="row">
                      {element ? <Link to={`/care/elements/${element.id}`}>{localized(element.definition.name, i18n.language)}</Link> : row.element}{' '}
                      <code className="muted">{row.step}</code>
                    </th>
                    {micro.personas.map((persona) => {
                      const content = row.personas[persona] ?? 'default';
                      return (
                        <td key={persona} className={`micro-${content}`}>
                          {t(`care.micro.${content}`)}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
