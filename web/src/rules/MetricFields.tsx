import { useTranslation } from 'react-i18next';
import { KNOWN_METRICS } from '../api/rule';
import type { BuilderEnv } from './builder-env';
import { ComparisonFields } from './ComparisonFields';
import type { DraftMetric } from './rule-draft';
import { issuesAt } from './rule-issues';

/** A computed metric (tenure, days in stage) or one analytics stored (RFM scores, CLV). */
export function MetricFields({ node, env }: { node: DraftMetric; env: BuilderEnv }) {
  const { t } = useTranslation();
  function change(patch: Partial<DraftMetric>) {
    env.update<DraftMetric>(node.id, patch);
  }
  const issues = env.issues.get(node.id);
  const listId = `${node.id}-metrics`;
  // Metrics analytics stored for either subject type that the computed list does not name.
  const stored = [...new Set([...env.metrics.account, ...env.metrics.contact])].filter((m) => !(KNOWN_METRICS as readonly string[]).includes(m));
  return (
    <div className="rule-fields">
      <div className="field">
        <label htmlFor={`${node.id}-metric`}>{t('rules.metric.name')}</label>
        <input
          id={`${node.id}-metric`}
          list={listId}
          value={node.metric}
          aria-invalid={issuesAt(issues, 'metric').length > 0}
          aria-describedby={`${node.id}-metric-help`}
          onChange={(e) => change({ metric: e.target.value })}
        />
        <datalist id={listId}>
          {KNOWN_METRICS.map((metric) => (
            <option key={metric} value={metric}>
              {t(`rules.metric.known.${metric}`)}
            </option>
          ))}
          {stored.map((metric) => (
            <option key={metric} value={metric}>
              {t('rules.metric.stored')}
            </option>
          ))}
        </datalist>
        <p className="help" id={`${node.id}-metric-help`}>
          {t('rules.metric.help')}
        </p>
      </div>
      <ComparisonFields id={node.id} draft={node} type="number" issues={issues} onChange={(patch) => change(patch)} />
    </div>
  );
}
