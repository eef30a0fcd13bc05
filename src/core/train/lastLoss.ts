import type { Readback } from './trainContext';

/**
 * Keeps only the latest update's loss (on the device, for TF.js: no per-update readback) and reads it once per epoch.
 */
export class LastLoss {
  private t: Readback<number> | null = null;

  keep(loss: Readback<number>): void {
    this.t?.dispose();
    this.t = loss;
  }

  /** The latest loss (NaN when the epoch had no update); frees it. */
  async read(): Promise<number> {
    const t = this.t;
    this.t = null;
    return t ? t.read() : NaN;
  }
}
