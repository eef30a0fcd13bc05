#!/usr/bin/python3
"""Fixtures for src/core/peers/randomForest.test.ts: small two-class tables and scikit-learn's RandomForestClassifier
(200 trees, class_weight='balanced') on them, so the TypeScript forest is checked against an independent implementation.
Needs Debian's python3-sklearn (apt-get install -y python3-sklearn).
usage: /usr/bin/python3 scripts/forest-fixtures.py > src/core/peers/fixtures/forest-sklearn.json
"""
import json, sys
import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

SEEDS = [0, 1, 2, 3, 4]


def table(rng, n, d, informative, rate, shift):
    """Inliers N(0, 1); outliers shifted on the first `informative` columns, with heavier spread: classes overlap.
    Three decimals keep the JSON small and survive the float32 round trip on both sides."""
    y = (rng.random(n) < rate).astype(np.uint8)
    X = rng.normal(0, 1, (n, d))
    X[y == 1, :informative] = rng.normal(shift, 1.5, (int(y.sum()), informative))
    return np.round(X, 3), y


def case(name, seed, n_train, n_test, d, informative, rate, shift):
    rng = np.random.default_rng(seed)
    Xtr, ytr = table(rng, n_train, d, informative, rate, shift)
    Xte, yte = table(rng, n_test, d, informative, rate, shift)
    aucs = []
    for s in SEEDS:
        rf = RandomForestClassifier(n_estimators=200, class_weight='balanced', random_state=s, n_jobs=1).fit(Xtr, ytr)
        aucs.append(roc_auc_score(yte, rf.predict_proba(Xte)[:, 1]))
    return {
        'name': name,
        'd': d,
        'train': {'X': [float(v) for v in Xtr.ravel()], 'y': ytr.tolist()},
        'test': {'X': [float(v) for v in Xte.ravel()], 'y': yte.tolist()},
        'sklearn_test_auc': float(np.mean(aucs)),
        'sklearn_test_auc_by_seed': [round(float(a), 4) for a in aucs],
    }


cases = [
    case('overlap-d8', 11, 120, 300, 8, 3, 0.2, 1.5),
    case('sparse-signal-d20', 12, 160, 300, 20, 2, 0.1, 2.0),
    case('few-answers-d6', 13, 40, 300, 6, 2, 0.25, 1.2),
]
json.dump({'sklearn': sklearn.__version__, 'trees': 200, 'class_weight': 'balanced', 'cases': cases}, sys.stdout, separators=(',', ':'))
sys.stdout.write('\n')
