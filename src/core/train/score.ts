import * as tf from '../tf';
import type { Matrix } from '../data/matrix';
import type { TrainContext } from './context';

/** Scores rows that are not the training matrix (a test split) with the context's current model. */
export async function scoreMatrix(ctx: TrainContext, m: Matrix, k: number): Promise<Float32Array> {
  const x = tf.tensor2d(m.data, [m.rows, m.cols]);
  try {
    return await ctx.score(x, k);
  } finally {
    x.dispose();
  }
}
