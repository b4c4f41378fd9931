import { useTranslation } from 'react-i18next';
import type { RetentionCurve } from '../api/analytics';
import { layoutRetention } from './retention-chart-layout';
import { useAnalyticsFormat } from './use-analytics-format';

const BOX = { width: 720, height: 320, margin: { left: 48, right: 16, top: 12, bottom: 40 } };
/** Colour-blind-safe series colours (Okabe-Ito). */
export const SERIES_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442'];

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#000000';
}

/** Kaplan-Meier curves (one per group) with their confidence bands; days since the first order across. */
export function RetentionChart({ curves, groupName }: { curves: readonly RetentionCurve[]; groupName: (group: string) => string }) {
  const { t } = useTranslation();
  const num = useAnalyticsFormat();
  const layout = layoutRetention(curves, BOX);
  const { plot } = layout;
  return (
    <figure className="retention-chart">
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-labelledby="retention-chart-title">
        <title id="retention-chart-title">{t('analytics.retention.chartTitle')}</title>
        {layout.yTicks.map((tick) => (
          <g key={tick.value}>
            <line x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} className="chart-grid" />
            <text x={plot.left - 6} y={tick.y + 4} textAnchor="end" className="chart-tick">
              {num.percent(tick.value)}
            </text>
          </g>
        ))}
        {layout.xTicks.map((tick) => (
          <text key={tick.days} x={tick.x} y={plot.bottom + 16} textAnchor="middle" className="chart-tick">
            {num.count(tick.days)}
          </text>
        ))}
        <text x={(plot.left + plot.right) / 2} y={BOX.height - 4} textAnchor="middle" className="chart-axis-label">
          {t('analytics.retention.axisDays')}
        </text>
        {layout.curves.map((curve, index) => (
          <path key={`band:${curve.group}`} d={curve.band} fill={seriesColour(index)} className="km-band" />
        ))}
        {layout.curves.map((curve, index) => (
          <path key={`line:${curve.group}`} d={curve.line} stroke={seriesColour(index)} className="km-line">
            <title>{groupName(curve.group)}</title>
          </path>
        ))}
      </svg>
      <figcaption className="help">{t('analytics.retention.legend')}</figcaption>
    </figure>
  );
}
