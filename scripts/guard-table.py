"""Per-set table of IMBoost runs with the guard (issue 16) from `npm run bench -- --json` output.

    python3 scripts/guard-table.py runs.jsonl [more.jsonl ...]

Columns: the warm-up's test AUC (eq. (5) scores at the first round), the polarized ranking before the guard's
check, the run's final test AUC, the roll-backs, and a flag where the final AUC is more than 0.02 below the
run's own warm-up (issue 16's per-set line). Means over the seeds each set ran.
"""
import json
import sys
from collections import defaultdict


def main(paths):
    runs = defaultdict(list)
    for p in paths:
        for line in open(p):
            if line.startswith("{"):
                r = json.loads(line)
                runs[r["dataset"]].append(r)
    mean = lambda xs: sum(xs) / len(xs)
    print("| dataset | seeds | warm-up test AUC | polarized, before the check | IMBoost test AUC | roll-backs | final - warm-up |")
    print("|---|---|---|---|---|---|---|")
    cols = defaultdict(list)
    flagged = []
    for d in sorted(runs):
        rs = runs[d]
        w = mean([r["warmup_test_auc"] for r in rs])
        p = mean([r["polarized_test_auc"] for r in rs])
        f = mean([r["test_auc"] for r in rs])
        back = sum(1 for r in rs if (r.get("guard") or {}).get("choice") == "warmup")
        flag = " ⚠" if f < w - 0.02 else ""
        if flag:
            flagged.append(d)
        for k, v in (("w", w), ("p", p), ("f", f)):
            cols[k].append(v)
        print(f"| {d} | {len(rs)} | {w:.4f} | {p:.4f} | {f:.4f}{flag} | {back}/{len(rs)} | {f - w:+.4f} |")
    n = len(runs)
    print(f"| **mean** ({n} sets) | | **{mean(cols['w']):.4f}** | {mean(cols['p']):.4f} | **{mean(cols['f']):.4f}** | | {mean(cols['f']) - mean(cols['w']):+.4f} |")
    print()
    print(f"sets more than 0.02 below their warm-up: {', '.join(flagged) if flagged else 'none'}")


if __name__ == "__main__":
    main(sys.argv[1:])
