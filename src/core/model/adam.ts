import * as tf from '../tf';
import type { OptimConfig } from '../config';

/**
 * Adam with PyTorch's coupled weight decay (g += wd * p). TF.js's own Adam has no weight decay, and
 * owning the moments makes them easy to checkpoint.
 */
export class Adam {
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];
  step = 0;
  private readonly cfg: OptimConfig;
  private readonly vars: tf.Variable[];

  constructor(vars: tf.Variable[], cfg: OptimConfig) {
    this.vars = vars;
    this.cfg = cfg;
    this.m = vars.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.v = vars.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  }

  /** Applies one update; grads are in the order of the variables given to the constructor. */
  apply(grads: tf.Tensor[]): void {
    const { lr, beta1, beta2, eps, weightDecay } = this.cfg;
    this.step++;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    const stepSize = lr / c1;
    const sqrtC2 = Math.sqrt(c2);
    tf.tidy(() => {
      this.vars.forEach((p, i) => {
        const g = weightDecay > 0 ? tf.add(grads[i], tf.mul(p, weightDecay)) : grads[i];
        const m = tf.add(tf.mul(this.m[i], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[i], beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        // PyTorch: p -= lr/c1 * m / (sqrt(v)/sqrt(c2) + eps)
        p.assign(tf.sub(p, tf.mul(tf.div(m, tf.add(tf.div(tf.sqrt(v), sqrtC2), eps)), stepSize)));
      });
    });
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
