import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config';
import {
  altbiSnapshotEpoch,
  batchSize,
  ensembleEpochs,
  odimCheckEvery,
  odimPatience,
  queryEpochs,
  roundBudget,
  trimmingOn,
} from './schedule';

const c = DEFAULT_CONFIG.imboost;

describe('schedules against the reference protocol', () => {
  it('batch: 128 for epochs < 10, then floor(128 * 1.03^(epoch - 10)), capped by n and 20000', () => {
    expect(batchSize(0, c, 5000)).toBe(128);
    expect(batchSize(9, c, 5000)).toBe(128);
    expect(batchSize(10, c, 5000)).toBe(128);
    expect(batchSize(11, c, 5000)).toBe(131);
    expect(batchSize(49, c, 5000)).toBe(Math.floor(128 * 1.03 ** 39));
    expect(batchSize(99, c, 5000)).toBe(Math.floor(128 * 1.03 ** 89));
    expect(batchSize(99, c, 1000)).toBe(1000);
    expect(batchSize(5, c, 90)).toBe(90);
    expect(batchSize(400, { ...c, maxBatch: 20000 }, 1e6)).toBe(20000);
  });
  it('trimming from epoch 10 on', () => {
    expect(trimmingOn(9, c)).toBe(false);
    expect(trimmingOn(10, c)).toBe(true);
  });
  it('query rounds after epochs 49, 59, 69, 79, 89; eq. (5) averages 10 epochs', () => {
    expect(queryEpochs(c)).toEqual([49, 59, 69, 79, 89]);
    expect(ensembleEpochs(c)).toBe(10);
    expect(queryEpochs({ ...c, rounds: 0 })).toEqual([]);
    expect(queryEpochs({ warmupEpochs: 4, polarizationEpochs: 4, rounds: 2 })).toEqual([3, 5]);
  });
  it('budget: 1% of n_train (at least 1), 6 rows when n_train <= 500', () => {
    expect(roundBudget(1281)).toBe(12);
    expect(roundBudget(34311)).toBe(343);
    expect(roundBudget(500)).toBe(6);
    expect(roundBudget(89)).toBe(6);
    expect(roundBudget(501)).toBe(5);
    expect(roundBudget(1000, 3)).toBe(3);
  });
  it('the app caps the automatic budget (a person answers a round), never an explicit one', () => {
    expect(roundBudget(600_000, null, 32)).toBe(32);
    expect(roundBudget(1281, null, 32)).toBe(12);
    expect(roundBudget(600_000, 100, 32)).toBe(100);
    expect(roundBudget(600_000, null, null)).toBe(6000);
  });
  it('ALTBI snapshots at epochs 71..89 of 90; ODIM checks every min(10, n/64) updates', () => {
    const a = DEFAULT_CONFIG.altbi;
    const snaps = Array.from({ length: a.epochs }, (_, e) => e).filter((e) => altbiSnapshotEpoch(e, a));
    expect(snaps[0]).toBe(71);
    expect(snaps[snaps.length - 1]).toBe(89);
    expect(snaps.length).toBe(19);
    expect(odimCheckEvery(1281, 64)).toBe(10);
    expect(odimCheckEvery(300, 64)).toBe(4);
    expect(odimPatience(10, 100)).toBe(10);
    expect(odimPatience(4, 100)).toBe(25);
  });
});
