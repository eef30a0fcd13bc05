"""Write src/core/peers/fixtures/peers.json: scikit-learn's answers for the label-free peers on small data.

Run from the repository root with Debian's Python (apt-get install python3-sklearn):

    /usr/bin/python3 scripts/peer-fixtures.py

- kNN: sklearn.neighbors.NearestNeighbors distances to the 5th neighbour, Euclidean and cosine; for the training
  rows the query asks for 6 neighbours and takes the last (the row itself is the first), as shared/peers/peers.py.
- IsolationForest: -score_samples of sklearn.ensemble.IsolationForest(n_estimators=100) on rows with planted
  outliers (its trees are random, so the TypeScript test compares rankings, not values).
Values are rounded to float32 first so the TypeScript side (Float32Array matrices) sees the same numbers.
"""

import json
import os

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.neighbors import NearestNeighbors

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "core", "peers", "fixtures", "peers.json")
K = 5


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def kth(train, test, metric):
    nn = NearestNeighbors(n_neighbors=K + 1, metric=metric, algorithm="brute").fit(train)
    return nn.kneighbors(train)[0][:, K], nn.kneighbors(test, n_neighbors=K)[0][:, K - 1]


def main():
    rng = np.random.RandomState(7)
    # kNN: 40 training rows, 15 test rows in 4 dimensions, a few far away; positive values so cosine is not trivial.
    train = f32(np.abs(rng.normal(1.0, 0.5, size=(40, 4))))
    train[:3] += 3.0 * rng.rand(3, 4)
    test = f32(np.abs(rng.normal(1.0, 0.6, size=(15, 4))))
    eu_tr, eu_te = kth(train, test, "euclidean")
    co_tr, co_te = kth(train, test, "cosine")

    # IsolationForest: 300 inliers from two Gaussian blobs, 15 outliers uniform over a wider box, 5 dimensions.
    inl = np.concatenate([rng.normal(0.3, 0.05, size=(150, 5)), rng.normal(0.7, 0.05, size=(150, 5))])
    out = rng.uniform(0.0, 1.0, size=(15, 5))
    X = f32(np.concatenate([inl, out]))
    y = np.concatenate([np.zeros(300, int), np.ones(15, int)])
    iso = IsolationForest(n_estimators=100, random_state=0).fit(X)

    doc = {
        "k": K,
        "knn": {
            "train": train.tolist(),
            "test": test.tolist(),
            "euclidean": {"train": eu_tr.tolist(), "test": eu_te.tolist()},
            "cosine": {"train": co_tr.tolist(), "test": co_te.tolist()},
        },
        "iforest": {"X": X.tolist(), "y": y.tolist(), "sklearn_score": (-iso.score_samples(X)).tolist()},
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
