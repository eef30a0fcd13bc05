import { useShallow } from 'zustand/react/shallow';
import type { EngineConfig } from '../../core/config';
import { NONE, useLab } from '../store';
import { useScoreBins } from '../useScoreView';
import { GradStopChart } from './GradStopChart';
import { useStaged } from '../useStaged';
import { useThrottled } from '../useThrottled';
import { QualityChart } from './QualityChart';
import { RiskChart } from './RiskChart';
import { ScoreHistogram } from './ScoreHistogram';

/** GradStop's trace: the gradstop method, IMBoost whose warm-up GradStop's rule ends, or ALTBI it ends. */
function gradStopOn(c: EngineConfig | null | undefined): boolean {
  return (
    c?.method === 'gradstop' ||
    (c?.method === 'imboost' && c.imboost.warmupStop === 'gradstop') ||
    (c?.method === 'altbi' && c.altbi.warmupStop === 'gradstop')
  );
}

/** The epochs GradStop's chart spans: IMBoost's warm-up, ALTBI's cap (its events shorten to the stop), else the run's. */
function gradStopEpochs(c: EngineConfig | null | undefined, progressEpochs: number): number {
  if (c?.method === 'imboost') return c.imboost.warmupEpochs;
  if (c?.method === 'altbi') return c.altbi.epochs;
  return progressEpochs;
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
      totalEpochs: gradStopEpochs(s.run.config, s.progress?.totalEpochs ?? 0),
      tD: gradStopOn(s.run.config) ? s.run.config!.gradstop.tD : null,
      warmup: s.run.config?.method === 'imboost',
      averaged: s.run.config?.method === 'altbi',
    })),
  );
  const feed = useThrottled(live, CHART_REFRESH_MS);
  const candidates = feed.round?.rows ?? NONE;
  const bins = useScoreBins(feed.scoreVersion, candidates);
  // One chart mounted per task (a chart's first mount is its costliest render): the boot has no long task.
  const mounted = useStaged(3);
  return (
    <section className="panel charts" aria-label="Live charts" aria-busy={mounted < 3}>
      <RiskChart points={feed.points} markers={feed.markers} totalUpdates={feed.totalUpdates} hasTruth={feed.hasTruth} />
      <div className="chart-pair">
        {mounted >= 2 && <ScoreHistogram bins={bins} round={feed.round?.round ?? null} />}
        {mounted >= 3 && (
          <QualityChart points={feed.points} totalUpdates={feed.totalUpdates} hasTruth={live.hasTruth} result={live.result} />
        )}
      </div>
      {mounted >= 3 && feed.gradstop && (
        <GradStopChart
          points={feed.points}
          totalEpochs={feed.totalEpochs}
          threshold={feed.tD}
          warmup={feed.warmup}
          averaged={feed.averaged}
        />
      )}
    </section>
  );
}
