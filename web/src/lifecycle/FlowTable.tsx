import { useTranslation } from 'react-i18next';
import { localized, type BoardFlow, type BoardStage } from '../api/lifecycle';
import { useFormatters } from '../i18n/use-formatters';

/** Every from -> to move of the period with its count and a bar, largest first. */
export function FlowTable({ stages, flows }: { stages: readonly BoardStage[]; flows: readonly BoardFlow[] }) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const nameOf = (key: string | null) => {
    if (key === null) return t('lifecycle.firstPlacement');
    const stage = stages.find((s) => s.key === key);
    return stage ? localized(stage.name, i18n.language) : key;
  };
  const sorted = [...flows].sort((a, b) => b.count - a.count);
  const max = Math.max(1, ...flows.map((flow) => flow.count));
  return (
    <div className="table-scroll">
      <table className="data-table compact flow-table">
        <caption className="visually-hidden">{t('lifecycle.flowCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lifecycle.from')}</th>
            <th scope="col">{t('lifecycle.to')}</th>
            <th scope="col" className="numeric">{t('lifecycle.moves')}</th>
            <th scope="col" className="hide-narrow">
              <span className="visually-hidden">{t('lifecycle.bar')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((flow) => (
            <tr key={`${flow.from}>${flow.to}`}>
              <td>{nameOf(flow.from)}</td>
              <td>{nameOf(flow.to)}</td>
              <td className="numeric">{format.number(flow.count)}</td>
              <td className="hide-narrow flow-bar-cell" aria-hidden="true">
                <span className="flow-bar" style={{ width: `${Math.max(1, Math.round((flow.count / max) * 100))}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
