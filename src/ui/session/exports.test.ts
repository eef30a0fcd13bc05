// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';

vi.mock('../engine', () => ({ engineApi: () => ({}) }));
vi.mock('./persistence', () => ({ fullSnapshot: vi.fn(async () => null) }));

const { scoreSourceOf } = await import('./exports');

const polarized = { choice: 'polarized', reason: '' } as const;
const ranking = (choice: 'prior' | 'forest' | 'mean', meanShare?: number) => ({
  choice,
  reason: '',
  curve: [],
  ...(meanShare ? { meanShare } : {}),
});

describe('the exported scores name what they are', () => {
  it('a pick alone, a pick mixed with the mean rank, the mean alone', () => {
    expect(scoreSourceOf({ guard: polarized, ranking: ranking('forest') })).toBe('a forest on your answers');
    expect(scoreSourceOf({ guard: polarized, ranking: ranking('forest', 0.8333) })).toBe(
      'a forest on your answers mixed with the mean rank at 0.83',
    );
    expect(scoreSourceOf({ guard: polarized, ranking: ranking('mean') })).toMatch(/^the mean rank of the model’s score/);
  });

  it('the model’s score, as the guard left it, alone or mixed with the mean rank', () => {
    expect(scoreSourceOf({ guard: polarized, ranking: ranking('prior') })).toBe('polarized');
    expect(scoreSourceOf({ guard: { choice: 'warmup', reason: '' }, ranking: ranking('prior', 0.5) })).toBe(
      'warm-up (the guard rolled back) mixed with the mean rank at 0.50',
    );
    expect(scoreSourceOf({ guard: null, ranking: ranking('prior', 0.25) })).toBe('the model’s score mixed with the mean rank at 0.25');
    expect(scoreSourceOf(null)).toBeNull();
  });
});
