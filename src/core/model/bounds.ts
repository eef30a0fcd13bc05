import * as tf from '../tf';

/**
 * Per-sample negative IWAE bound from log weights [K, B]: -(logsumexp_k log w - log K), max-shifted
 * (tf.logSumExp subtracts the max). Higher = more outlying.
 */
export function negIwaeBound(logw: tf.Tensor2D): tf.Tensor1D {
  const k = logw.shape[0];
  return tf.neg(tf.sub(tf.logSumExp(logw, 0), Math.log(k))) as tf.Tensor1D;
}

/** Per-sample CUBO_u = (1/u) log((1/K) sum_k w_k^u): an upper bound on log p(x). */
export function cubo(logw: tf.Tensor2D, u = 2): tf.Tensor1D {
  const k = logw.shape[0];
  return tf.mul(tf.sub(tf.logSumExp(tf.mul(logw, u), 0), Math.log(k)), 1 / u) as tf.Tensor1D;
}
