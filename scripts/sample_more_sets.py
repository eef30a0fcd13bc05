"""Label-stratified samples of the six larger ADBench sets (../shared/data/more) for the contrast benchmark.

Each set keeps 5,000 rows (more, up to 30,000, where its outlier share would leave fewer than 20 outliers: smtp),
drawn per class with NumPy's RandomState(15), as bench/select.ts samples them for the defaults' selection.
Usage: python3 scripts/sample_more_sets.py ../shared/data/more /tmp/more
"""
import sys

import numpy as np

POLLUTION = {'aloi': 0.0304, 'campaign': 0.11265, 'celeba': 0.0224, 'cover': 0.009, 'skin': 0.2075, 'smtp': 0.0003}


def main(src: str, out: str) -> None:
    for name, ratio in POLLUTION.items():
        z = np.load(f'{src}/{name}.npz')
        X, y = z['X'], z['y'].astype(int)
        rows = 5000
        while rows < 30000 and rows * min(ratio, y.mean()) < 20:
            rows += 5000
        rng = np.random.RandomState(15)
        idx = []
        for c in (0, 1):
            members = np.where(y == c)[0]
            idx += list(rng.choice(members, int(round(rows * len(members) / len(y))), replace=False))
        idx = np.sort(np.array(idx))
        np.savez(f'{out}/{name}.npz', X=X[idx].astype(np.float64), y=y[idx])
        print(name, len(idx), X.shape[1], int(y[idx].sum()))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
