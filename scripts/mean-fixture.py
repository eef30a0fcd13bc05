"""Write src/core/answers/fixtures/mean.json: the mean of the rankings mixed into the pick (core/answers/mean.ts),
computed with NumPy and SciPy.

Run from the repository root with NumPy and SciPy: python3 scripts/mean-fixture.py

Independent of the TypeScript: a rank percentile is (scipy.stats.rankdata(average) - 1) / (n - 1); a test value's
place among the training values is (left + right - 1) / 2 / (n - 1) with NumPy's searchsorted, clipped to [0, 1]
(equal values at their mean rank, a value between two at half way). Scores are drawn from a few levels so that ties
occur.
"""

import json
import os

import numpy as np
from scipy.stats import rankdata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "core", "answers", "fixtures", "mean.json")


def ranks(v):
    v = np.asarray(v, dtype=np.float64)
    return (rankdata(v, method="average") - 1) / (len(v) - 1)


def against(ref, values):
    s = np.sort(np.asarray(ref, dtype=np.float64))
    lo = np.searchsorted(s, values, side="left")
    up = np.searchsorted(s, values, side="right")
    return np.clip((lo + up - 1) / 2 / (len(s) - 1), 0, 1)


def mix(m, p, w):
    return w * np.asarray(m) + (1 - w) * np.asarray(p)


def case(seed, n, m, w):
    rng = np.random.default_rng(seed)
    levels = lambda k: np.round(rng.random(k) * 40) / 40  # ties
    members = [ranks(levels(n)) for _ in range(3)]
    mean_train = sum(members) / 3
    mean_test = sum(against(levels(n), levels(m)) for _ in range(3)) / 3
    mean_held = sum(ranks(levels(n)) for _ in range(3)) / 3
    pick = {"train": levels(n), "test": levels(m), "heldOut": levels(n)}
    return {
        "w": w,
        "members": [x.tolist() for x in members],
        "meanOfMembers": mean_train.tolist(),
        "mean": {"train": mean_train.tolist(), "test": mean_test.tolist(), "heldOut": mean_held.tolist()},
        "pick": {k: v.tolist() for k, v in pick.items()},
        "expected": {
            "train": mix(ranks(mean_train), ranks(pick["train"]), w).tolist(),
            "test": mix(against(mean_train, mean_test), against(pick["train"], pick["test"]), w).tolist(),
            "heldOut": mix(ranks(mean_held), ranks(pick["heldOut"]), w).tolist(),
        },
    }


cases = [case(1, 40, 15, 1.0), case(2, 60, 25, 0.5), case(3, 33, 9, 20 / 80)]
with open(OUT, "w") as f:
    json.dump(cases, f)
print(OUT, len(cases), "cases")
