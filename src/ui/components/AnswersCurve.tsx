import { memo } from 'react';
import { RANKING_NAMES, rankingName, type CurvePoint } from '../../core/session';
import { formatFixed } from '../format';
import { useElementWidth } from '../charts/useElementWidth';
import { COLORS, YGrid } from '../charts/kit';

const HEIGHT = 110;
const PAD = { left: 30, right: 12, top: 8, bottom: 20 };

/**
 * This table's learning curve: after each round, how well the ranking in use ranks your answers, each judged
 * without its own answer. Flat at 0.5 means the answers say nothing the ranking can use; a rise is what they bought.
 * Plain SVG on fixed scales, as the other run charts.
 */
export const AnswersCurve = memo(function AnswersCurve({ curve }: { curve: CurvePoint[] }) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const plotW = Math.max(0, width - PAD.left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const xMax = Math.max(1, ...curve.map((p) => p.answers));
  const x = (a: number) => PAD.left + (a / xMax) * plotW;
  const y = (v: number) => PAD.top + (1 - v) * plotH;
  const judged = curve.filter((p) => p.auc != null);
  const last = curve[curve.length - 1];
  return (
    <figure className="chart" data-testid="answers-curve" data-points={curve.length}>
      <figcaption>
        <strong>What your answers bought</strong> <span className="muted">held-out AUC on your answers, by how many you gave</span>
      </figcaption>
      <p className="metrics small">
        {last.auc == null
          ? `${last.answers} answers, ${last.outliers} outliers: both kinds are needed to judge a ranking; ${RANKING_NAMES[last.choice]} stands meanwhile.`
          : `After ${last.answers} answers: AUC ${formatFixed(last.auc, 2)} with ${rankingName(last.choice, last.meanShare)}.`}
      </p>
      <div className="chart-frame" ref={ref} hidden={judged.length === 0}>
        <svg width={width} height={HEIGHT} role="img" aria-label={`Held-out AUC on the answers at ${curve.length} rounds`}>
          <YGrid ticks={[0, 0.5, 1]} y={y} left={PAD.left} width={plotW} />
          <line x1={PAD.left} x2={PAD.left + plotW} y1={y(0.5)} y2={y(0.5)} stroke={COLORS.tick} strokeDasharray="4 3" />
          {[0, xMax].map((a, i) => (
            <text key={i} x={x(a)} y={HEIGHT - 5} textAnchor={i ? 'end' : 'start'} fontSize={11} fill={COLORS.tick}>
              {i ? `${a} answers` : '0'}
            </text>
          ))}
          <polyline
            points={judged.map((p) => `${x(p.answers).toFixed(1)},${y(p.auc!).toFixed(1)}`).join(' ')}
            fill="none"
            stroke={COLORS.auc}
            strokeWidth={2}
          />
          {judged.map((p) => (
            <circle key={p.answers} cx={x(p.answers)} cy={y(p.auc!)} r={3} fill={p.choice === 'prior' ? COLORS.tick : COLORS.auc}>
              <title>{`${p.answers} answers: AUC ${formatFixed(p.auc, 3)}, ${rankingName(p.choice, p.meanShare)}`}</title>
            </circle>
          ))}
        </svg>
      </div>
    </figure>
  );
});
