import type * as tf from '../tf';

/**
 * Keeps only the latest update's loss on the device (no per-update readback) and reads it once per epoch.
 */
export class LastLoss {
  private t: tf.Scalar | null = null;

  keep(loss: tf.Scalar): void {
    this.t?.dispose();
    this.t = loss;
  }

  /** The latest loss (NaN when the epoch had no update); frees it. */
  async read(): Promise<number> {
    const t = this.t;
    this.t = null;
    if (!t) return NaN;
    const v = (await t.data())[0];
    t.dispose();
    return v;
  }
}
