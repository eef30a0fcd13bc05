"""The warm-up stop table of docs/benchmarks.md from the bench's --json output.

usage: python3 scripts/warmup-stop-table.py FIXED.jsonl PROBE_ONLY.jsonl GRADSTOP.jsonl
FIXED: the default (imboost.warmupStop=fixed); PROBE_ONLY: gradstop with gradstop.tCB=-1 (every epoch is the rule's
best, so it never stops early: the same random stream as GRADSTOP up to its stop, the fixed length); GRADSTOP: the rule.
"""
import json
import sys
from statistics import mean


def load(path):
    rows = [json.loads(l) for l in open(path) if l.startswith('{')]
    return {(r['dataset'], r['seed']): r for r in rows}


F, P, G = (load(p) for p in sys.argv[1:4])
sets = sorted({k[0] for k in F})
print('| set | fixed | probe, no stop | gradstop | gradstop − fixed | gradstop − probe | warm-up test AUC: fixed / probe / gradstop | stopped after epoch | kept epoch | s/run: fixed / gradstop |')
print('|---|---|---|---|---|---|---|---|---|---|')
cols = {name: [] for name in ['f', 'p', 'g', 'wf', 'wp', 'wg', 'sf', 'sg']}
for s in sets:
    ks = sorted(k for k in F if k[0] == s and k in G and k in P)
    v = {
        'f': mean(F[k]['test_auc'] for k in ks),
        'p': mean(P[k]['test_auc'] for k in ks),
        'g': mean(G[k]['test_auc'] for k in ks),
        'wf': mean(F[k]['warmup_test_auc'] for k in ks),
        'wp': mean(P[k]['warmup_test_auc'] for k in ks),
        'wg': mean(G[k]['warmup_test_auc'] for k in ks),
        'sf': mean(F[k]['seconds'] for k in ks),
        'sg': mean(G[k]['seconds'] for k in ks),
    }
    for name in cols:
        cols[name].append(v[name])
    stop = ' / '.join(str(G[k]['gradstop_epochs']) for k in ks)
    kept = ' / '.join(str(G[k]['gradstop_kept_epoch']) + ('*' if G[k]['gradstop_initial'] else '') for k in ks)
    print(
        f"| {s} | {v['f']:.4f} | {v['p']:.4f} | {v['g']:.4f} | {v['g'] - v['f']:+.4f} | {v['g'] - v['p']:+.4f} | "
        f"{v['wf']:.4f} / {v['wp']:.4f} / {v['wg']:.4f} | {stop} | {kept} | {v['sf']:.1f} / {v['sg']:.1f} |"
    )
m = {name: mean(vals) for name, vals in cols.items()}
print(
    f"| **mean** | **{m['f']:.4f}** | **{m['p']:.4f}** | **{m['g']:.4f}** | **{m['g'] - m['f']:+.4f}** | **{m['g'] - m['p']:+.4f}** | "
    f"{m['wf']:.4f} / {m['wp']:.4f} / {m['wg']:.4f} | | | {m['sf']:.1f} / {m['sg']:.1f} |"
)
up = lambda a, b: sum(x > y + 1e-9 for x, y in zip(cols[a], cols[b]))
print(f"\ngradstop above / below fixed on {up('g', 'f')} / {up('f', 'g')} sets; above / below probe-only on {up('g', 'p')} / {up('p', 'g')}")
runs = list(G.values())
print('runs stopped before the cap:', sum(r['gradstop_epochs'] < 50 for r in runs), 'of', len(runs), '; early-divergence branch:', sum(r['gradstop_initial'] for r in runs))
kept_early = [r for r in runs if r['gradstop_kept_epoch'] < 50]
print('runs whose kept epoch is before the last warm-up epoch:', len(kept_early), '; median kept epoch:', sorted(r['gradstop_kept_epoch'] for r in runs)[len(runs) // 2])
