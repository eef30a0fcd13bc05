"""Copy the scikit-learn peers' means into bench/datasets.json, as each set's reference for `--method <peer>`.

    python3 scripts/peer-reference.py <shared>/peers/label_free.tsv

label_free.tsv (made by shared/peers/peers.py on the reference's own rows) has one line per set, seed and peer:
set, seed, peer, n_train, d, train AUC, test AUC. Sets are named as ADBench files ("14_glass", "27_PageBlocks");
the bench names them as ours ("glass", "pageblocks"). Peers: iforest, knn, cosknn (ours: cosine-knn); LOF is skipped.
"""

import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASETS = os.path.join(ROOT, "bench", "datasets.json")
PEERS = {"iforest": "iforest", "knn": "knn", "cosknn": "cosine-knn"}


def main():
    rows = collections.defaultdict(list)
    with open(sys.argv[1]) as f:
        for line in f:
            name, seed, peer, _n, _d, tr, te = line.rstrip("\n").split("\t")
            if peer in PEERS:
                rows[(re.sub(r"^\d+_", "", name).lower(), PEERS[peer])].append((int(seed), float(tr), float(te)))
    with open(DATASETS) as f:
        sets = json.load(f)
    for (name, peer), rs in sorted(rows.items()):
        if name not in sets:
            print(f"skipped {name}: not in bench/datasets.json")
            continue
        rs.sort()
        sets[name]["reference"][peer] = {
            "seeds": [s for s, _, _ in rs],
            "train_auc": round(sum(r[1] for r in rs) / len(rs), 4),
            "test_auc": round(sum(r[2] for r in rs) / len(rs), 4),
            "source": "scikit-learn on the reference's rows (shared/peers/label_free.tsv)",
        }
    with open(DATASETS, "w") as f:
        json.dump(sets, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
