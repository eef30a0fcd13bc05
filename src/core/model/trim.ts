import * as tf from '../tf';

/**
 * rho-quantile of a 1-D tensor with linear interpolation (torch.quantile's default), on device:
 * top-k of the n - floor(p) largest values holds the two order statistics around position p.
 */
export function quantile(l: tf.Tensor1D, rho: number): tf.Scalar {
  const n = l.shape[0];
  const p = rho * (n - 1);
  const lo = Math.floor(p);
  const frac = p - lo;
  const { values, indices } = tf.topk(l, n - lo, true);
  indices.dispose();
  const low = tf.slice(values, [n - lo - 1], [1]);
  if (frac === 0 || lo + 1 >= n) return tf.reshape(low, []);
  const high = tf.slice(values, [n - lo - 2], [1]);
  return tf.reshape(tf.add(low, tf.mul(tf.sub(high, low), frac)), []);
}

/**
 * Trimming mask of the ALTBI/IMBoost loss: 1 where l <= scale * q_rho(l) + offset, else 0. Comparisons
 * and top-k have no gradient in TF.js, so the whole mask is one custom op whose gradient is zero:
 * it acts as a stop-gradient, and the loss differentiates only through the kept losses.
 */
export function trimMask(l: tf.Tensor1D, offset: tf.Scalar, rho: number, scale: number): tf.Tensor1D {
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [loss, off] = inputs as tf.Tensor[];
    const tau = tf.add(tf.mul(quantile(loss as tf.Tensor1D, rho), scale), off);
    return {
      value: tf.cast(tf.lessEqual(loss, tau), 'float32'),
      gradFunc: () => [tf.zerosLike(loss), tf.zerosLike(off)],
    };
  });
  return op(l, offset) as tf.Tensor1D;
}

/** Identity in the forward pass, zero gradient: TF.js has no stop-gradient of its own. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const v = inputs[0] as tf.Tensor;
    return { value: tf.clone(v), gradFunc: () => tf.zerosLike(v) };
  });
  return op(x) as T;
}

/** Mean of l over the kept rows (mask 1); at least one row is always kept by construction of tau. */
export function trimmedMean(l: tf.Tensor1D, mask: tf.Tensor1D): tf.Scalar {
  return tf.div(tf.sum(tf.mul(l, mask)), tf.maximum(tf.sum(mask), 1));
}
