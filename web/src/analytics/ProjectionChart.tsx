import { useTranslation } from 'react-i18next';
import type { ProjectionRow, SurvivalPeriod } from '../api/retention-projection';
import { layoutProjection } from './projection-chart-layout';
import { seriesColour } from './RetentionChart';
import { useAnalyticsFormat } from './use-analytics-format';

const BOX = { width: 720, height: 300, margin: { left: 48, right: 16, top: 12, bottom: 40 } };

/** Observed survival of the acquisition cohorts (points) against the fitted and projected model (dashed), by periods since acquisition. */
export function ProjectionChart({ rows, period }: { rows: readonly ProjectionRow[]; period: SurvivalPeriod }) {
  const { t } = useTranslation();
  const num = useAnalyticsFormat();
  const layout = layoutProjection(rows, BOX);
  const { plot } = layout;
  const actual = seriesColour(0);
  const model = seriesColour(1);
  return (
    <figure className="retention-chart projection-chart">
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-labelledby="projection-chart-title">
        <title id="projection-chart-title">{t('analytics.projection.chartTitle')}</title>
        {layout.yTicks.map((tick) => (
          <g key={tick.value}>
            <line x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} className="chart-grid" />
            <text x={plot.left - 6} y={tick.y + 4} textAnchor="end" className="chart-tick">
              {num.percent(tick.value)}
            </text>
          </g>
        ))}
        {layout.xTicks.map((tick) => (
          <text key={tick.period} x={tick.x} y={plot.bottom + 16} textAnchor="middle" className="chart-tick">
            {num.count(tick.period)}
          </text>
        ))}
        <text x={(plot.left + plot.right) / 2} y={BOX.height - 4} textAnchor="middle" className="chart-axis-label">
          {t(`analytics.projection.axis.${period}`)}
        </text>
        {layout.observedEnd !== null && (
          <g>
            <line x1={layout.observedEnd} x2={layout.observedEnd} y1={plot.top} y2={plot.bottom} className="projection-end" />
            <text x={layout.observedEnd + 4} y={plot.top + 10} className="chart-tick">
              {t('analytics.projection.dataEnd')}
            </text>
          </g>
        )}
        <path d={layout.projected} stroke={model} className="projection-model">
          <title>{t('analytics.projection.projected')}</title>
        </path>
        <path d={layout.actual} stroke={actual} className="km-line projection-actual">
          <title>{t('analytics.projection.actual')}</title>
        </path>
        {layout.actualPoints.map((p) => (
          <circle key={p.period} cx={p.x} cy={p.y} r={3} fill={actual} className="projection-point">
            <title>{t('analytics.projection.pointTitle', { period: p.period, value: num.percent(p.value) })}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="help">
        <span className="swatch" style={{ background: actual }} aria-hidden="true" /> {t('analytics.projection.actual')}{' '}
        <span className="swatch swatch-dashed" style={{ borderColor: model }} aria-hidden="true" /> {t('analytics.projection.projected')}
      </figcaption>
    </figure>
  );
}
