"""Write src/core/answers/fixtures/propagation.json: label propagation (core/answers/propagate.ts) computed with NumPy.

Run from the repository root: /usr/bin/python3 scripts/propagation-fixture.py

Independent of the TypeScript: every distance by broadcasting, the kernel width the median (the upper one of an
even count) of each unanswered row's smallest squared distance to an answered row, a row's kernel terms its
nearest outlier's and nearest inlier's exp(-d^2 / width), an answered training row leaving itself out.
Values are rounded to float32 first, as the TypeScript side keeps its matrices.
"""

import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "core", "answers", "fixtures", "propagation.json")


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def case(seed, n, m, d, answers, full):
    rng = np.random.default_rng(seed)
    train = f32(rng.random((n, d)))
    test = f32(rng.random((m, d)))
    labels = -np.ones(n, dtype=int)
    asked = rng.choice(n, size=answers, replace=False)
    labels[asked] = (rng.random(answers) < 0.3).astype(int)
    labels[asked[0]] = 1
    labels[asked[1]] = 0
    base_train = rng.random(n)
    base_test = rng.random(m)
    out = np.where(labels == 1)[0]
    inl = np.where(labels == 0)[0]
    ans = np.concatenate([out, inl])
    weight = min(1.0, full / answers)

    def sq(a, b):
        return ((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2)

    free = np.where(labels == -1)[0]
    nearest = sq(train[free], train[ans]).min(axis=1)
    width = np.sort(nearest)[len(nearest) // 2]

    def moved(target, base, is_train):
        s_out = sq(target, train[out])
        s_in = sq(target, train[inl])
        if is_train:
            s_out[out[None, :] == np.arange(len(target))[:, None]] = np.inf
            s_in[inl[None, :] == np.arange(len(target))[:, None]] = np.inf
        up = np.exp(-s_out.min(axis=1) / width)
        down = np.exp(-s_in.min(axis=1) / width)
        return base + weight * (up - down)

    return {
        "n": n,
        "m": m,
        "d": d,
        "full": full,
        "train": train.ravel().tolist(),
        "test": test.ravel().tolist(),
        "labels": labels.tolist(),
        "baseTrain": base_train.tolist(),
        "baseTest": base_test.tolist(),
        "width": float(width),
        "weight": weight,
        "movedTrain": moved(train, base_train, True).tolist(),
        "movedTest": moved(test, base_test, False).tolist(),
    }


if __name__ == "__main__":
    cases = [case(1, 40, 12, 3, 10, 20), case(2, 60, 15, 5, 30, 20)]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(cases, f)
    print(f"wrote {OUT}")
