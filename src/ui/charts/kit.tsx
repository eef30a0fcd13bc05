/** The chart primitives the app and Learn share: ticks, marker labels, grid lines, how many points to draw. */
import type { BaseTickContentProps } from 'recharts';
import { COLORS } from './palette';

export { COLORS } from './palette';

/** Points a line chart draws at most: enough for the eye, cheap to render 4 times a second. */
export const MAX_DRAWN = 400;

const DY = { start: '0.71em', middle: '0.35em', end: '0' } as const;

/*
 * Why the ticks and labels are plain <text>: recharts' own <Text> measures every word in the DOM
 * (getBoundingClientRect, a forced layout) on each render, and with numeric `interval`s left at
 * their default it measures every tick to pick which to show. That made 100-400 ms tasks during
 * training; plain text and numeric intervals keep each update well under 50 ms.
 */
export function plainTick(format: (v: number | string) => string = String) {
  return function PlainTick(p: BaseTickContentProps) {
    const value = p.payload.value as number | string;
    return (
      <text x={p.x} y={p.y} dy={DY[p.verticalAnchor] ?? 0} textAnchor={p.textAnchor} fill={COLORS.tick} fontSize={11}>
        {format(value)}
      </text>
    );
  };
}

/** A reference line's label, top-left of the line, without measuring. */
export function markerLabel(text: string, row: number) {
  return function MarkerLabel(p: { viewBox?: unknown }) {
    const vb = (p.viewBox ?? {}) as { x?: number; y?: number };
    return (
      <text x={(vb.x ?? 0) + 3} y={(vb.y ?? 0) + 10 + row * 12} fill={COLORS.tick} fontSize={10}>
        {text}
      </text>
    );
  };
}

/** Horizontal grid lines with their value labels at the left edge, for the hand-drawn SVG charts. */
export function YGrid({ ticks, y, left, width }: { ticks: number[]; y: (v: number) => number; left: number; width: number }) {
  return (
    <>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={left + width} y1={y(t)} y2={y(t)} stroke={COLORS.grid} />
          <text x={left - 4} y={y(t)} dy="0.35em" textAnchor="end" fontSize={11} fill={COLORS.tick}>
            {t}
          </text>
        </g>
      ))}
    </>
  );
}
