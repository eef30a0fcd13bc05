"""Write the scikit-learn reference fixtures used by the TS unit tests.

Run from the repository root with Debian's Python (it has numpy and
scikit-learn; the default `python3` on PATH may not):

    /usr/bin/python3 scripts/make_fixtures.py

Outputs:
  src/core/fixtures/gmm.json      1-D two-component GaussianMixture fits
  src/core/fixtures/metrics.json  roc_auc_score, average_precision_score, precision@n

The GMM is started from the same deterministic rule as src/core/query/gmm.ts
(sort the values, cut them where the two parts' within-part sum of squares is
smallest -- the optimal 2-means split -- and take each part's mean,
variance + reg_covar and share), so the two EM trajectories are the same up to
rounding.
"""

import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.mixture import GaussianMixture

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "src", "core", "fixtures")
REG = 1e-6
TOL = 1e-3
MAX_ITER = 100


def split_init(x):
    """Optimal 2-means split of the sorted values, mirrored by initFromBestSplit in gmm.ts."""
    xs = np.sort(np.asarray(x, dtype=float))
    n = len(xs)
    if n == 1:
        return np.array([xs[0], xs[0]]), np.array([REG, REG]), np.array([0.5, 0.5])
    sse = [((xs[:h] - xs[:h].mean()) ** 2).sum() + ((xs[h:] - xs[h:].mean()) ** 2).sum() for h in range(1, n)]
    h = 1 + int(np.argmin(sse)) if xs.var() > 0 else n // 2
    lo, hi = xs[:h], xs[h:]
    means = np.array([lo.mean(), hi.mean()])
    variances = np.array([lo.var() + REG, hi.var() + REG])
    weights = np.array([h / n, (n - h) / n])
    return means, variances, weights


def fit_case(name, x):
    x = np.asarray(x, dtype=float)
    means0, vars0, weights0 = split_init(x)
    gm = GaussianMixture(
        n_components=2,
        covariance_type="full",
        tol=TOL,
        reg_covar=REG,
        max_iter=MAX_ITER,
        means_init=means0.reshape(2, 1),
        weights_init=weights0,
        precisions_init=(1.0 / vars0).reshape(2, 1, 1),
    )
    with warnings.catch_warnings():
        # Slow cases are kept on purpose: TS must stop at the same iteration.
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.fit(x.reshape(-1, 1))
    means = gm.means_.ravel()
    variances = gm.covariances_.ravel()
    weights = gm.weights_.ravel()
    # Stable sort keeps sklearn's order for equal means, as the TS code does.
    order = np.argsort(means, kind="stable")
    proba = gm.predict_proba(x.reshape(-1, 1))[:, order[0]]
    return {
        "name": name,
        "x": x.tolist(),
        "means": means[order].tolist(),
        "variances": variances[order].tolist(),
        "weights": weights[order].tolist(),
        "logLikelihood": float(gm.score(x.reshape(-1, 1))),
        "iterations": int(gm.n_iter_),
        "converged": bool(gm.converged_),
        "posteriorLower": np.round(proba, 10).tolist(),
    }


def gmm_cases():
    rng = np.random.default_rng(20240601)
    r = lambda a, d=4: np.round(a, d)  # noqa: E731 - short inputs keep the JSON small
    cases = [
        ("separated", r(np.concatenate([rng.normal(-4, 1, 120), rng.normal(5, 1.5, 80)]))),
        ("overlapping", r(np.concatenate([rng.normal(0, 1, 100), rng.normal(1.5, 1, 100)]))),
        ("unequal_weights", r(np.concatenate([rng.normal(0, 1, 180), rng.normal(6, 0.5, 20)]))),
        ("heavy_tails", r(np.concatenate([rng.standard_t(2, 150), rng.standard_t(2, 50) * 0.5 + 8]))),
        ("tiny_n5", r(np.array([0.3, -1.2, 2.5, 2.7, 0.1]))),
        ("large_offset", r(1e4 + np.concatenate([rng.normal(0, 0.01, 60), rng.normal(0.05, 0.01, 60)]), 6)),
        ("constant", np.full(10, 3.25)),
    ]
    return [fit_case(n, x) for n, x in cases]


def precision_at_n(scores, labels, n):
    """Top-n precision; a tie group cut by the boundary counts pro rata
    (the expected value under random tie-breaking), as metrics.ts does."""
    thr = np.sort(scores)[::-1][n - 1]
    above = scores > thr
    tied = scores == thr
    take = n - above.sum()
    hits = labels[above].sum() + labels[tied].sum() * take / tied.sum()
    return float(hits / n)


def metric_case(name, scores, labels, ns):
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=int)
    p = int(labels.sum())
    return {
        "name": name,
        "scores": scores.tolist(),
        "labels": labels.tolist(),
        "rocAuc": float(roc_auc_score(labels, scores)),
        "averagePrecision": float(average_precision_score(labels, scores)),
        "precisionAtDefault": precision_at_n(scores, labels, p),
        "precisionAtN": [{"n": n, "value": precision_at_n(scores, labels, n)} for n in ns],
    }


def metric_cases():
    rng = np.random.default_rng(7)
    out = []
    # Coarse scores give many ties; informative scores keep AUC away from 0.5.
    labels = (rng.random(300) < 0.2).astype(int)
    scores = np.round(rng.normal(0, 1, 300) + 1.2 * labels, 1)
    out.append(metric_case("ties_informative", scores, labels, [1, 10, 37, 100, 300]))
    labels = (rng.random(250) < 0.5).astype(int)
    scores = rng.integers(0, 5, 250).astype(float)
    out.append(metric_case("heavy_ties_uninformative", scores, labels, [3, 50, 125]))
    labels = (rng.random(400) < 0.05).astype(int)
    scores = rng.normal(0, 1, 400) + 2.0 * labels
    out.append(metric_case("rare_positives_continuous", np.round(scores, 6), labels, [5, 20]))
    labels = (rng.random(200) < 0.3).astype(int)
    scores = np.round(-rng.exponential(1, 200) - 0.8 * labels, 2)
    out.append(metric_case("worse_than_random", scores, labels, [1, 60]))
    return out


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    meta = {"sklearn": sklearn.__version__, "numpy": np.__version__}
    with open(os.path.join(OUT_DIR, "gmm.json"), "w") as f:
        json.dump({"meta": {**meta, "tol": TOL, "regCovar": REG, "maxIter": MAX_ITER},
                   "cases": gmm_cases()}, f, separators=(",", ":"))
    with open(os.path.join(OUT_DIR, "metrics.json"), "w") as f:
        json.dump({"meta": meta, "cases": metric_cases()}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
