"""Write src/core/fixtures/reference-split.json: the rows the authors' benchmark uses.

Run from the repository root with Debian's Python (numpy + scikit-learn):

    /usr/bin/python3 scripts/make_split_fixtures.py

What the reference protocol does (docs/benchmarks.md, "IMBoost on the reference's own rows"), written here with the
real numpy and scikit-learn calls so referenceSplit in src/core/data/split.ts can be checked against them:
  1. the rows are reordered inliers first, then outliers (original order within each class);
  2. np.random.seed(seed); permutation(n_inliers), permutation(n_outliers), permutation(0);
     keep every inlier (in permuted order), then the first floor(n_in * r / (1 - r)) permuted outliers;
  3. train_test_split(kept, train_size=0.7, random_state=RandomState(seed), shuffle=True,
     stratify=<all zeros>), i.e. a plain random split.
Also a few raw np.random.RandomState(seed).permutation(n) vectors, for the generator itself.
"""

import json
import os

import numpy as np
from sklearn.model_selection import train_test_split

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "core", "fixtures", "reference-split.json")


def reference_split(y, ratio, seed):
    y = np.asarray(y, dtype=int)
    order = np.concatenate([np.where(y == 0)[0], np.where(y == 1)[0]])
    labels = y[order]
    inl = np.where(labels == 0)[0]
    out = np.where(labels == 1)[0]
    n_out = len(out) if ratio is None else int(np.floor(ratio * len(inl) / (1 - ratio)))
    np.random.seed(seed)
    p_in = np.random.permutation(len(inl))
    p_out = np.random.permutation(len(out))
    np.random.permutation(0)
    kept = list(inl[p_in]) + list(out[p_out[:n_out]])
    train, test = train_test_split(
        kept, train_size=0.7, random_state=np.random.RandomState(seed), shuffle=True,
        stratify=np.zeros(len(kept), dtype=int))
    return sorted(order[np.array(train)].tolist()), sorted(order[np.array(test)].tolist())


def labels(n, outliers, stride_seed):
    rs = np.random.RandomState(stride_seed)
    y = np.zeros(n, dtype=int)
    y[rs.choice(n, outliers, replace=False)] = 1
    return y.tolist()


def main():
    # Large n exercises 17-bit masks; its vector is kept as head and tail to keep the file small.
    perms = []
    for s, n in [(0, 10), (100, 213), (4294967295, 7), (12345, 70000)]:
        p = np.random.RandomState(s).permutation(n).tolist()
        perms.append({"seed": s, "n": n, "head": p[:100], "tail": p[-100:]})
    cases = []
    for n, k, ratio, seed in [(214, 9, 0.042, 100), (214, 9, 0.042, 200), (214, 9, 0.042, 300),
                              (129, 10, 0.0775, 100), (1000, 300, 0.2, 7), (60, 5, None, 3), (351, 126, 0.36, 300)]:
        y = labels(n, k, seed + n)
        train, test = reference_split(y, ratio, seed)
        cases.append({"y": y, "ratio": ratio, "seed": seed, "train": train, "test": test})
    with open(OUT, "w") as f:
        json.dump({"numpy": np.__version__, "permutations": perms, "splits": cases}, f)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
