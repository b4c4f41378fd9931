import { useTranslation } from 'react-i18next';
import type { FlowLink } from '../api/funnel';
import { useFormatters } from '../i18n/use-formatters';
import { layoutSankey } from './sankey-layout';

const WIDTH = 760;
const HEIGHT = 360;
const LABEL_ROOM = 120;

/** The forward moves as a Sankey (d3-sankey layout, drawn as SVG); moves back are named under it. */
export function LifecycleSankey({ stages, links, nameOf }: { stages: readonly string[]; links: readonly FlowLink[]; nameOf: (key: string | null) => string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const picture = layoutSankey(stages, links, WIDTH - LABEL_ROOM, HEIGHT);
  const back = picture.backward.reduce((n, l) => n + l.count, 0);
  return (
    <figure className="sankey">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="sankey-title">
        <title id="sankey-title">{t('analytics.flows.sankey')}</title>
        <g>
          {picture.bands.map((band) => (
            <path key={`${band.from ?? ''}>${band.to}`} d={band.d} strokeWidth={band.width} className="sankey-band">
              <title>{t('analytics.flows.bandTitle', { from: nameOf(band.from), to: nameOf(band.to), count: format.number(band.count) })}</title>
            </path>
          ))}
        </g>
        {picture.nodes.map((node) => (
          <g key={node.key ?? ''} className="sankey-node">
            <rect x={node.x0} y={node.y0} width={node.x1 - node.x0} height={Math.max(1, node.y1 - node.y0)} className={node.key === null ? 'sankey-start' : undefined} />
            <text x={node.x0} y={node.y0 - 4} className="sankey-label">
              {t('analytics.flows.nodeLabel', { name: nameOf(node.key), count: format.number(node.value) })}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="help">{back > 0 ? t('analytics.flows.legendBack', { count: back }) : t('analytics.flows.legend')}</figcaption>
    </figure>
  );
}
