/** The polarization phase's update: loss (3) with threshold (4) and the answers' terms. */
import type { StepSpec } from '../trainContext';
import { lambdas, type ImboostRun } from './state';

/**
 * A polarization update on `batch` (of `bs` unlabeled rows): always trimmed (threshold (4)), also after a
 * GradStop warm-up that ended before plainEpochs, with as many labeled inliers and outliers drawn as there are
 * (at most `bs` of each).
 */
export function polarizeSpec(run: ImboostRun, batch: Int32Array, bs: number): StepSpec {
  const { c, ctx, pools } = run;
  const labeled = (rows: Int32Array) => (rows.length ? ctx.sample(rows, Math.min(bs, rows.length)) : null);
  // Drawn in this order (inliers, then outliers): the random stream a checkpoint resumes.
  const inliers = labeled(pools.inliers);
  const outliers = labeled(pools.outliers);
  return {
    batch,
    k: c.k,
    trim: { rho: c.rho, scale: 1 - c.xi, xi: c.xi },
    inliers,
    outliers,
    ...lambdas(run),
    cuboU: c.cuboU,
    keepLosses: false,
  };
}
