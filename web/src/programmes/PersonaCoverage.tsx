import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CareElement } from '../api/care-element';
import { localized } from '../api/lifecycle';
import type { CareCoverage } from '../api/programmes';
import { useFormatters } from '../i18n/use-formatters';

const COLUMNS = ['variant', 'default', 'excluded'] as const;

/** A cell that names elements is coloured as in the micro matrix. */
function cellClass(keys: readonly string[], column: (typeof COLUMNS)[number]): string | undefined {
  return keys.length === 0 ? undefined : `micro-${column}`;
}

/**
 * Coverage by buyer persona (the micro matrix in the coverage report): for each persona on
 * contacts, and each one the enabled content names, how many contacts hold it and which enabled
 * elements give it its own variant, the default text, or nothing.
 */
export function PersonaCoverage({ micro, elements }: { micro: CareCoverage['micro']; elements: readonly CareElement[] }) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const byKey = new Map(elements.map((element) => [element.key, element]));
  const names = (keys: string[]) =>
    keys.length === 0 ? (
      <span className="muted">–</span>
    ) : (
      keys.map((key, index) => {
        const element = byKey.get(key);
        return (
          <span key={key}>
            {index > 0 && ', '}
            {element ? <Link to={`/care/elements/${element.id}`}>{localized(element.definition.name, i18n.language)}</Link> : key}
          </span>
        );
      })
    );
  return (
    <section className="card" aria-labelledby="persona-coverage-heading">
      <h2 id="persona-coverage-heading">{t('care.personaCoverage.heading')}</h2>
      <p className="help">{t('care.personaCoverage.help')}</p>
      {micro.personas.length === 0 ? (
        <p className="muted">{t('care.micro.noPersonas')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table persona-coverage">
            <thead>
              <tr>
                <th scope="col">{t('care.personaCoverage.persona')}</th>
                <th scope="col" className="numeric">
                  {t('care.personaCoverage.contacts')}
                </th>
                {COLUMNS.map((column) => (
                  <th scope="col" key={column}>
                    {t(`care.personaCoverage.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {micro.personas.map((row) => (
                <tr key={row.persona} data-persona={row.persona}>
                  <th scope="row">{row.persona}</th>
                  <td className="numeric">{format.number(row.contacts)}</td>
                  {COLUMNS.map((column) => (
                    <td key={column} className={cellClass(row[column], column)}>
                      {names(row[column])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {micro.contacts_without_persona > 0 && <p className="help">{t('care.personaCoverage.withoutPersona', { count: micro.contacts_without_persona })}</p>}
    </section>
  );
}
