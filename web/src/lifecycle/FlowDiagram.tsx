import { useTranslation } from 'react-i18next';
import { localized, type BoardFlow, type BoardStage } from '../api/lifecycle';
import { useFormatters } from '../i18n/use-formatters';
import { layoutFlows } from './flow-layout';

const WIDTH = 900;

/** The period's moves as arcs between the stages (thicker = more); the table next to it has the numbers. */
export function FlowDiagram({ stages, flows }: { stages: readonly BoardStage[]; flows: readonly BoardFlow[] }) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const layout = layoutFlows(
    stages.map((stage) => stage.key),
    flows,
    WIDTH,
    { margin: 70, arcHeight: 0.45 },
  );
  const nameOf = (key: string | null, short = false) => {
    if (key === null) return short ? t('lifecycle.start') : t('lifecycle.firstPlacement');
    const stage = stages.find((s) => s.key === key);
    return stage ? localized(stage.name, i18n.language) : key;
  };
  return (
    <figure className="flow-diagram">
      <svg viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-labelledby="flow-diagram-title">
        <title id="flow-diagram-title">{t('lifecycle.flowDiagram')}</title>
        <line x1={layout.nodes[0]?.x ?? 0} x2={layout.nodes.at(-1)?.x ?? 0} y1={layout.baseline} y2={layout.baseline} className="flow-line" />
        {layout.arcs.map((arc) => (
          <path key={`${arc.from}>${arc.to}`} d={arc.d} strokeWidth={arc.width} className={`flow-arc flow-${arc.direction}`}>
            <title>{t('lifecycle.flowTitle', { from: nameOf(arc.from), to: nameOf(arc.to), count: format.number(arc.count) })}</title>
          </path>
        ))}
        {layout.nodes.map((node, index) => (
          <g key={node.key ?? 'start'} transform={`translate(${node.x} ${layout.baseline})`}>
            <circle r={6} className={node.key === null ? 'flow-node flow-start' : 'flow-node'} />
            <text y={index % 2 === 0 ? 24 : 38} textAnchor="middle" className="flow-label">
              {nameOf(node.key, true)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="help">{t('lifecycle.flowLegend')}</figcaption>
    </figure>
  );
}
