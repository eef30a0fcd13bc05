import { memo, useEffect, useMemo, useRef } from 'react';
import { rampCss, ranks01 } from './lossColor';
import { useElementWidth } from '../ui/charts/useElementWidth';

const COLOR_BUCKETS = 32;
const PAD = 12;
const IDLE_FILL = '#8a94a3';
const RING_OLD = '#1d232b';
const RING_LATEST = '#c0157a';

export interface ScatterProps {
  points: Float32Array;
  truth: Uint8Array;
  /** Current loss per row, or null before training scored anything. */
  scores: Float32Array | null;
  /** Round in which each row was queried (0 = never). */
  queriedRound: Uint8Array | null;
  latestRound: number;
  testId: string;
  label: string;
}

/**
 * Every point on one canvas: colour = rank of its current loss, circle = true inlier, cross = true
 * outlier, ring = queried (the latest round in magenta). Points are grouped by colour bucket so each
 * bucket is one path: a few dozen fills and strokes per frame, whatever the row count.
 */
export const ScatterCanvas = memo(function ScatterCanvas(props: ScatterProps) {
  const { points, truth, scores, queriedRound, latestRound, testId, label } = props;
  const [frameRef, frameWidth] = useElementWidth<HTMLDivElement>(360);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = Math.min(frameWidth, 560);
  const ranks = useMemo(() => (scores && scores.length === truth.length ? ranks01(scores) : null), [scores, truth]);
  const stacks = useMemo(() => stackedPoints(points, truth.length), [points, truth]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(size * dpr);
    canvas.height = Math.round(size * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawScatter(ctx, size, points, truth, ranks, queriedRound, latestRound);
    drawStackLabels(ctx, size, points, stacks);
  }, [size, points, truth, ranks, queriedRound, latestRound, stacks]);

  return (
    <div className="learn-scatter-frame" ref={frameRef}>
      <canvas
        ref={canvasRef}
        data-testid={testId}
        data-colored={ranks ? 'loss' : 'none'}
        role="img"
        aria-label={label}
        style={{ width: size, height: size }}
      />
    </div>
  );
});

/** Rows sharing one exact position (a repeated value) with how many there are; at least `min` deep. */
export function stackedPoints(points: Float32Array, rows: number, min = 5): { row: number; count: number }[] {
  const byPosition = new Map<string, { row: number; count: number }>();
  for (let i = 0; i < rows; i++) {
    const key = `${points[2 * i]},${points[2 * i + 1]}`;
    const hit = byPosition.get(key);
    if (hit) hit.count++;
    else byPosition.set(key, { row: i, count: 1 });
  }
  return [...byPosition.values()].filter((s) => s.count >= min);
}

/** A repeated value is drawn as one mark: say how many rows it stands for. */
function drawStackLabels(
  ctx: CanvasRenderingContext2D,
  size: number,
  points: Float32Array,
  stacks: { row: number; count: number }[],
): void {
  const span = size - 2 * PAD;
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const { row, count } of stacks) {
    const x = PAD + points[2 * row] * span;
    const y = PAD + (1 - points[2 * row + 1]) * span;
    const text = `${count} points here`;
    const w = ctx.measureText(text).width;
    const left = x + 12 + w > size ? x - 12 - w : x + 12;
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(left - 3, y - 9, w + 6, 18);
    ctx.fillStyle = '#1d232b';
    ctx.fillText(text, left, y);
  }
}

function drawScatter(
  ctx: CanvasRenderingContext2D,
  size: number,
  points: Float32Array,
  truth: Uint8Array,
  ranks: Float32Array | null,
  queriedRound: Uint8Array | null,
  latestRound: number,
): void {
  const n = truth.length;
  const span = size - 2 * PAD;
  const px = (i: number) => PAD + points[2 * i] * span;
  const py = (i: number) => PAD + (1 - points[2 * i + 1]) * span; // y grows upwards
  ctx.clearRect(0, 0, size, size);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = '#e6e8ec';
  ctx.lineWidth = 1;
  ctx.strokeRect(PAD - 0.5, PAD - 0.5, span + 1, span + 1);

  // Bucket rows by colour (counting sort) so each colour is drawn once.
  const bucketOf = (i: number) => (ranks ? Math.min(COLOR_BUCKETS - 1, Math.floor(ranks[i] * COLOR_BUCKETS)) : 0);
  const counts = new Int32Array(COLOR_BUCKETS + 1);
  for (let i = 0; i < n; i++) counts[bucketOf(i) + 1]++;
  for (let b = 0; b < COLOR_BUCKETS; b++) counts[b + 1] += counts[b];
  const order = new Int32Array(n);
  const next = counts.slice(0, COLOR_BUCKETS);
  for (let i = 0; i < n; i++) order[next[bucketOf(i)]++] = i;

  const r = n > 2000 ? 2 : 2.8;
  const arm = r + 1.2;
  // Inliers first, then outliers on top so the crosses stay visible inside dense clouds.
  for (let b = 0; b < COLOR_BUCKETS; b++) {
    ctx.fillStyle = ranks ? rampCss((b + 0.5) / COLOR_BUCKETS) : IDLE_FILL;
    ctx.beginPath();
    for (let k = counts[b]; k < counts[b + 1]; k++) {
      const i = order[k];
      if (truth[i]) continue;
      ctx.moveTo(px(i) + r, py(i));
      ctx.arc(px(i), py(i), r, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
  const crosses = (from: number, to: number) => {
    ctx.beginPath();
    for (let k = from; k < to; k++) {
      const i = order[k];
      if (!truth[i]) continue;
      const x = px(i);
      const y = py(i);
      ctx.moveTo(x - arm, y - arm);
      ctx.lineTo(x + arm, y + arm);
      ctx.moveTo(x - arm, y + arm);
      ctx.lineTo(x + arm, y - arm);
    }
    ctx.stroke();
  };
  ctx.lineCap = 'round';
  ctx.strokeStyle = '#1d232b';
  ctx.lineWidth = 3.4;
  crosses(0, n);
  ctx.lineWidth = 1.7;
  for (let b = 0; b < COLOR_BUCKETS; b++) {
    ctx.strokeStyle = ranks ? rampCss((b + 0.5) / COLOR_BUCKETS) : '#f4f5f7';
    crosses(counts[b], counts[b + 1]);
  }

  if (!queriedRound) return;
  for (const latest of [false, true]) {
    ctx.strokeStyle = latest ? RING_LATEST : RING_OLD;
    ctx.lineWidth = latest ? 2.4 : 1.4;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const q = queriedRound[i];
      if (!q || (q === latestRound) !== latest) continue;
      ctx.moveTo(px(i) + 7, py(i));
      ctx.arc(px(i), py(i), 7, 0, 2 * Math.PI);
    }
    ctx.stroke();
  }
}
