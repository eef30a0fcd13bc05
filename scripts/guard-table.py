"""Per-set table of IMBoost runs with the guard (issue 16) from `npm run bench -- --json` output.

    python3 scripts/guard-table.py runs.jsonl [more.jsonl ...] [--off guard-off.jsonl[,more.jsonl]]

Columns: the warm-up's test AUC (eq. (5) scores at the first round), the polarized ranking before the guard's
check, the run's final test AUC, the roll-backs, and a flag where the final AUC is more than 0.02 below the
run's own warm-up (issue 16's per-set line). Means over the seeds each set ran. Where the runs carry the training
AUC over the rows never asked about (`unasked_train_auc`: the analyst's own table, less the answered rows), two more
columns give it for the warm-up and the final ranking. `--off`: runs of the same sets with `imboost.guard=off` (the
paper's procedure: its own questions, its polarized ranking), as a column of their own.
"""
import json
import sys
from collections import defaultdict


def read(paths):
    runs = defaultdict(list)
    for p in paths:
        for line in open(p):
            if line.startswith("{"):
                r = json.loads(line)
                runs[r["dataset"]].append(r)
    return runs


def main(paths, off_paths):
    runs = read(paths)
    off = read(off_paths)
    mean = lambda xs: sum(xs) / len(xs)
    # None where every training outlier was asked about (toothbrush): such runs are left out of those columns.
    has = lambda r: r.get("unasked_train_auc") is not None and r.get("warmup_unasked_train_auc") is not None
    unasked = any(has(r) for rs in runs.values() for r in rs)
    extra_head = " warm-up unasked train AUC | final unasked train AUC |" if unasked else ""
    off_head = " IMBoost, no guard |" if off else ""
    print("| dataset | seeds | warm-up test AUC |" + off_head + " polarized, before the check | IMBoost test AUC | roll-backs | final - warm-up |" + extra_head)
    print("|---|---|---|" + ("---|" if off else "") + "---|---|---|---|" + ("---|---|" if unasked else ""))
    cols = defaultdict(list)
    flagged = []
    skipped = []
    for d in sorted(runs):
        # A test split without an outlier has no test AUC (MVTec toothbrush on some seeds): such runs are left out.
        rs = [r for r in runs[d] if r.get("test_auc") is not None and r.get("warmup_test_auc") is not None]
        skipped += [f"{d} seed {r['seed']}" for r in runs[d] if r not in rs]
        if not rs:
            continue
        w = mean([r["warmup_test_auc"] for r in rs])
        p = mean([r["polarized_test_auc"] for r in rs])
        f = mean([r["test_auc"] for r in rs])
        back = sum(1 for r in rs if (r.get("guard") or {}).get("choice") == "warmup")
        flag = " ⚠" if f < w - 0.02 else ""
        if flag:
            flagged.append(d)
        for k, v in (("w", w), ("p", p), ("f", f)):
            cols[k].append(v)
        extra = ""
        if unasked:
            us = [r for r in rs if has(r)]
            if us:
                uw = mean([r["warmup_unasked_train_auc"] for r in us])
                uf = mean([r["unasked_train_auc"] for r in us])
                cols["uw"].append(uw)
                cols["uf"].append(uf)
                note = "" if len(us) == len(rs) else f" ({len(us)} of {len(rs)} runs)"
                extra = f" {uw:.4f}{note} | {uf:.4f}{note} |"
            else:
                extra = " - | - |"
        no_guard = ""
        if off:
            o = mean([r["test_auc"] for r in off[d]]) if off.get(d) else None
            if o is not None:
                cols["o"].append(o)
            no_guard = f" {o:.4f} |" if o is not None else " - |"
        print(f"| {d} | {len(rs)} | {w:.4f} |{no_guard} {p:.4f} | {f:.4f}{flag} | {back}/{len(rs)} | {f - w:+.4f} |" + extra)
    n = len(cols["w"])
    extra = f" {mean(cols['uw']):.4f} | {mean(cols['uf']):.4f} |" if unasked else ""
    no_guard = (f" {mean(cols['o']):.4f} |" if cols["o"] else " - |") if off else ""
    print(f"| **mean** ({n} sets) | | **{mean(cols['w']):.4f}** |{no_guard} {mean(cols['p']):.4f} | **{mean(cols['f']):.4f}** | | {mean(cols['f']) - mean(cols['w']):+.4f} |" + extra)
    print()
    print(f"sets more than 0.02 below their warm-up: {', '.join(flagged) if flagged else 'none'}")
    if skipped:
        print(f"runs without a test outlier (no test AUC), left out: {', '.join(skipped)}")


if __name__ == "__main__":
    args = sys.argv[1:]
    off_paths = []
    if "--off" in args:
        i = args.index("--off")
        off_paths = args[i + 1].split(",")
        del args[i : i + 2]
    main(args, off_paths)
