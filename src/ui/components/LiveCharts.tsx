import { useShallow } from 'zustand/react/shallow';
import { useMemo } from 'react';
import type { EngineConfig } from '../../core/config';
import { NONE, useLab } from '../store';
import { useScoreBins } from '../useScoreView';
import { GradStopChart } from './GradStopChart';
import { useThrottled } from '../useThrottled';
import { QualityChart } from './QualityChart';
import { RiskChart } from './RiskChart';
import { ScoreHistogram } from './ScoreHistogram';

/** GradStop's trace: the gradstop method, or IMBoost whose warm-up GradStop's rule ends. */
function gradStopOn(c: EngineConfig | null | undefined): boolean {
  return c?.method === 'gradstop' || (c?.method === 'imboost' && c.imboost.warmupStop === 'gradstop');
}

/** Charts redraw at most once a second, however fast progress arrives. */
const CHART_REFRESH_MS = 1000;

export function LiveCharts() {
  const live = useLab(
    useShallow((s) => ({
      points: s.series.points,
      markers: s.markers,
      totalUpdates: s.progress?.totalUpdates ?? 0,
      scoreVersion: s.scoreVersion,
      round: s.round?.view ?? null,
      result: s.result,
      hasTruth: s.features?.hasTruth === true,
      gradstop: gradStopOn(s.run.config),
      // IMBoost's rule runs in the warm-up only: its chart spans the warm-up epochs.
      totalEpochs: s.run.config?.method === 'imboost' ? s.run.config.imboost.warmupEpochs : (s.progress?.totalEpochs ?? 0),
      tD: gradStopOn(s.run.config) ? s.run.config!.gradstop.tD : null,
      warmup: s.run.config?.method === 'imboost',
    })),
  );
  const feed = useThrottled(live, CHART_REFRESH_MS);
  const candidates = useMemo(() => feed.round?.candidates.map((c) => c.row) ?? NONE, [feed.round]);
  const bins = useScoreBins(feed.scoreVersion, candidates);
  return (
    <section className="panel charts" aria-label="Live charts">
      <RiskChart points={feed.points} markers={feed.markers} totalUpdates={feed.totalUpdates} hasTruth={feed.hasTruth} />
      <div className="chart-pair">
        <ScoreHistogram bins={bins} round={feed.round?.round ?? null} />
        <QualityChart points={feed.points} totalUpdates={feed.totalUpdates} hasTruth={live.hasTruth} result={live.result} />
      </div>
      {feed.gradstop && <GradStopChart points={feed.points} totalEpochs={feed.totalEpochs} threshold={feed.tD} warmup={feed.warmup} />}
    </section>
  );
}
