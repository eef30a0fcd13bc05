import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Controls } from './Controls';
import { demoConfig } from './demoConfig';
import { Explainer } from './Explainer';
import { generatePreset, presetInfo, type PresetId } from './presets';
import { RunPanel } from './RunPanel';
import type { RunStatus } from './runState';
import { hashFromSettings, sameRun, settingsFromHash, speedDelay, type LearnSettings } from './settings';
import { useLearnRun, type RunHandle } from './useLearnRun';
import './learn.css';

function readSettings(): LearnSettings {
  return settingsFromHash(window.location.hash);
}

/** Keeps the address bar in step without adding history entries or firing hashchange. */
function writeSettings(s: LearnSettings): void {
  const hash = hashFromSettings(s);
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
}

/** The two runs' joint status for the transport buttons. */
function jointStatus(runs: RunHandle[]): RunStatus {
  const st = runs.map((r) => r.state.status);
  if (st.some((s) => s === 'running')) return 'running';
  if (st.some((s) => s === 'stepping')) return 'stepping';
  if (st.some((s) => s === 'paused')) return 'paused';
  if (st.some((s) => s === 'error')) return 'error';
  if (st.every((s) => s === 'done')) return 'done';
  return 'idle';
}

/**
 * Learn mode: synthetic 2-D data, one method (or two side by side) trained live in a worker, and the
 * views that show the inlier-memorization effect and what a few labels repair. All state is in the
 * URL hash query.
 */
export function LearnPage() {
  const [settings, setSettings] = useState<LearnSettings>(readSettings);
  const { preset: presetId, rows, contamination, spread, seed } = settings;
  const data = useMemo(
    () => generatePreset({ preset: presetId, rows, contamination, spread, seed }),
    [presetId, rows, contamination, spread, seed],
  );
  const runA = useLearnRun(true);
  const runB = useLearnRun(settings.compare);
  const runs = settings.compare ? [runA, runB] : [runA];
  const status = jointStatus(runs);
  const settingsRef = useRef(settings);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => writeSettings(settings), [settings]);

  // A pasted link or history navigation changes the hash: adopt it.
  useEffect(() => {
    const onHash = () => {
      if (!window.location.hash.startsWith('#/learn')) return;
      const next = readSettings();
      setSettings((prev) => (hashFromSettings(prev) === hashFromSettings(next) ? prev : next));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const { reset: resetA, setDelay: setDelayA } = runA;
  const { reset: resetB, setDelay: setDelayB } = runB;
  // Any change that alters the data or the methods makes the current runs meaningless: reset them.
  useEffect(() => {
    const prev = settingsRef.current;
    settingsRef.current = settings;
    if (!sameRun(prev, settings)) {
      resetA();
      resetB();
    } else if (prev.speed !== settings.speed) {
      setDelayA(speedDelay(settings.speed));
      setDelayB(speedDelay(settings.speed));
    }
  }, [settings, resetA, resetB, setDelayA, setDelayB]);

  const update = useCallback((patch: Partial<LearnSettings>) => {
    setCopied('idle');
    setSettings((s) => settingsFromHash(hashFromSettings({ ...s, ...patch })));
  }, []);
  const choosePreset = useCallback(
    (preset: PresetId) => {
      const { contamination, sets } = presetInfo(preset);
      // A preset made for two methods side by side sets them too.
      update({ preset, contamination, ...sets, ...(sets?.methodB ? { compare: true } : {}) });
    },
    [update],
  );

  const startAll = (stepOnly: boolean) => {
    const delay = speedDelay(settings.speed);
    runA.start(data, settings.method, settings.seed, delay, stepOnly);
    if (settings.compare) runB.start(data, settings.methodB, settings.seed, delay, stepOnly);
  };
  const onPlay = () => {
    if (status === 'running' || status === 'stepping') runs.forEach((r) => r.pause());
    else if (status === 'paused') runs.forEach((r) => r.state.status !== 'done' && r.resume());
    else startAll(false);
  };
  const onStep = () => {
    if (status === 'idle' || status === 'done' || status === 'error') startAll(true);
    else runs.forEach((r) => r.state.status !== 'done' && r.step());
  };
  const onReset = () => runs.forEach((r) => r.reset());
  const copyLink = async () => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  const playLabel =
    status === 'running' || status === 'stepping' ? 'Pause' : status === 'paused' ? 'Resume' : status === 'done' ? 'Run again' : 'Play';
  const preset = presetInfo(settings.preset);
  const alpha = demoConfig('imboost', 0).imboost.alpha;
  return (
    <div className="learn-page" data-testid="learn-page" data-status={status}>
      <header className="learn-header">
        <a className="learn-back" href="#/">
          ← IMLab: find the outliers in your own table
        </a>
        <h1>
          Learn: the inlier-memorization effect <span className="learn-muted">and what a few labels repair</span>
        </h1>
      </header>
      <div className={`learn-layout${settings.compare ? ' learn-layout-compare' : ''}`}>
        <div className="learn-sidebar">
          <div className="learn-transport" role="group" aria-label="Run">
            <button type="button" className="learn-primary" data-testid="learn-play" onClick={onPlay}>
              {playLabel}
            </button>
            <button type="button" data-testid="learn-step" onClick={onStep}>
              Step
            </button>
            <button type="button" data-testid="learn-reset" onClick={onReset} disabled={status === 'idle'}>
              Reset
            </button>
          </div>
          <Controls settings={settings} onChange={update} onPresetChange={choosePreset} />
          <div className="learn-share">
            <button type="button" data-testid="learn-copy-link" onClick={() => void copyLink()}>
              Copy link
            </button>
            <span role="status" className="learn-muted">
              {copied === 'copied'
                ? 'Link copied: it reopens this data, method and seed.'
                : copied === 'failed'
                  ? 'Copy failed: use the address bar.'
                  : ''}
            </span>
          </div>
        </div>
        <main className="learn-main">
          <p className="learn-caption" data-testid="learn-caption">
            <b>
              ({preset.id}) {preset.title}.
            </b>{' '}
            {preset.caption}
          </p>
          <div className="learn-runs">
            <RunPanel slot={settings.compare ? '-a' : ''} method={settings.method} data={data} run={runA.state} backend={runA.backend} />
            {settings.compare && <RunPanel slot="-b" method={settings.methodB} data={data} run={runB.state} backend={runB.backend} />}
          </div>
        </main>
        <Explainer alpha={alpha} />
      </div>
    </div>
  );
}
