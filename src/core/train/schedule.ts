import type { AltbiConfig, ImboostConfig } from '../config';

type BatchSchedule = Pick<ImboostConfig, 'plainEpochs' | 'n0' | 'gamma' | 'maxBatch'>;

/** ALTBI's growing mini-batch: n0 for the plain epochs, then floor(n0 * gamma^(epoch - T0)), capped. */
export function batchSize(epoch: number, s: BatchSchedule | AltbiConfig, poolSize: number): number {
  const grown = epoch < s.plainEpochs ? s.n0 : Math.floor(s.n0 * s.gamma ** (epoch - s.plainEpochs));
  return Math.max(1, Math.min(grown, poolSize, s.maxBatch));
}

/** Whether the trimmed loss is on in this epoch (from T0 on). */
export function trimmingOn(epoch: number, s: { plainEpochs: number }): boolean {
  return epoch >= s.plainEpochs;
}

/** Epochs (0-based) after which a query round opens: the last warm-up epoch, then every T2 / Ta epochs. */
export function queryEpochs(c: Pick<ImboostConfig, 'warmupEpochs' | 'polarizationEpochs' | 'rounds'>): number[] {
  if (c.rounds <= 0 || c.polarizationEpochs <= 0) return [];
  const every = Math.max(1, Math.floor(c.polarizationEpochs / c.rounds));
  return Array.from({ length: c.rounds }, (_, r) => c.warmupEpochs - 1 + r * every).filter(
    (e) => e < c.warmupEpochs + c.polarizationEpochs - 1,
  );
}

/** Epochs of stored scores averaged before a round (eq. 5): t_e = T2 / Ta unless set. */
export function ensembleEpochs(c: Pick<ImboostConfig, 'polarizationEpochs' | 'rounds' | 'ensembleEpochs'>): number {
  return c.ensembleEpochs ?? Math.max(1, Math.floor(c.polarizationEpochs / Math.max(1, c.rounds)));
}

/** Rows per query round: the protocol's max(1, floor(1% of n)), and 6 when n <= 500; at most `cap` (null: none). */
export function roundBudget(nTrain: number, override: number | null = null, cap: number | null = null): number {
  if (override != null) return Math.max(0, Math.floor(override));
  const protocol = nTrain <= 500 ? 6 : Math.max(1, Math.floor(0.01 * nTrain));
  return cap == null ? protocol : Math.min(protocol, Math.max(1, Math.floor(cap)));
}

/** Score snapshots ALTBI averages: epochs scoreFrom .. the last (the reference's 71..89 of 90). */
export function altbiSnapshotEpoch(epoch: number, c: AltbiConfig): boolean {
  return epoch >= c.scoreFrom && epoch < c.epochs;
}

/** ODIM checks bimodality every min(10, n / batch) updates, with patience ceil(100 / check). */
export function odimCheckEvery(nTrain: number, batch: number): number {
  return Math.max(1, Math.min(10, Math.floor(nTrain / batch)));
}

export function odimPatience(checkEvery: number, patienceUpdates: number): number {
  return Math.ceil(patienceUpdates / checkEvery);
}
