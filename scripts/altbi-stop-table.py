"""The ALTBI stop table of docs/benchmarks.md from the bench's --json output.

usage: python3 scripts/altbi-stop-table.py FIXED.jsonl GRADSTOP.jsonl [CONTROL.jsonl]
FIXED: the default (altbi.warmupStop=fixed); GRADSTOP: --set altbi.warmupStop=gradstop; CONTROL: the same with
gradstop.tCB=-1 (every epoch is the rule's best, so it runs all epochs and averages the fixed run's snapshots with
GRADSTOP's random stream), needed only for the sets where GRADSTOP kept an earlier epoch than the last. ALTBI's
defaults (90 epochs, snapshots from 0-based epoch 71) are assumed: 19 snapshots.
"""
import json
import sys
from statistics import mean

EPOCHS, WINDOW = 90, 90 - 71


def load(path):
    rows = [json.loads(l) for l in open(path) if l.startswith('{')]
    return {(r['dataset'], r['seed']): r for r in rows}


F, G = (load(p) for p in sys.argv[1:3])
C = load(sys.argv[3]) if len(sys.argv) > 3 else {}
keys = sorted(k for k in F if k in G)
print('| set | test AUC: fixed | control | gradstop | gradstop − fixed | gradstop − control | train AUC: fixed / gradstop | stopped after epoch | kept epoch | snapshots | s/run: fixed / gradstop |')
print('|---|---|---|---|---|---|---|---|---|---|---|')
cols = {n: [] for n in ['f', 'c', 'g', 'tf', 'tg', 'sf', 'sg']}
for k in keys:
    f, g = F[k], G[k]
    kept = g['gradstop_kept_epoch']
    # Kept at the last epoch: nothing was decided, the run is its own control.
    c = g if kept == EPOCHS else C.get(k)
    v = {'f': f['test_auc'], 'g': g['test_auc'], 'tf': f['train_auc'], 'tg': g['train_auc'], 'sf': f['seconds'], 'sg': g['seconds']}
    v['c'] = c['test_auc'] if c else None
    for n in cols:
        cols[n].append(v[n])
    ctl = '= gradstop' if c is g else (f"{v['c']:.4f}" if c else '–')
    gc = f"{v['g'] - v['c']:+.4f}" if c and c is not g else ('0' if c else '–')
    print(
        f"| {k[0]} | {v['f']:.4f} | {ctl} | {v['g']:.4f} | {v['g'] - v['f']:+.4f} | {gc} | {v['tf']:.4f} / {v['tg']:.4f} | "
        f"{g['gradstop_epochs']} | {kept}{'*' if g['gradstop_initial'] else ''} | {min(WINDOW, kept)} | {v['sf']:.1f} / {v['sg']:.1f} |"
    )
m = {n: mean(x for x in vals if x is not None) for n, vals in cols.items() if any(x is not None for x in vals)}
full = all(x is not None for x in cols['c'])
mc = f"**{m['c']:.4f}**" if full else '–'
mgc = f"**{m['g'] - m['c']:+.4f}**" if full else '–'
print(
    f"| **mean** | **{m['f']:.4f}** | {mc} | **{m['g']:.4f}** | **{m['g'] - m['f']:+.4f}** | {mgc} | {m['tf']:.4f} / {m['tg']:.4f} | | | | "
    f"{m['sf']:.1f} / {m['sg']:.1f} |"
)
up = sum(a > b + 1e-9 for a, b in zip(cols['g'], cols['f']))
down = sum(b > a + 1e-9 for a, b in zip(cols['g'], cols['f']))
runs = list(G.values())
print(f"\ngradstop above / below fixed on {up} / {down} sets")
print('runs stopped before the cap:', sum(r['gradstop_epochs'] < EPOCHS for r in runs), 'of', len(runs), '; early-divergence branch:', sum(r['gradstop_initial'] for r in runs))
print('median kept epoch:', sorted(r['gradstop_kept_epoch'] for r in runs)[len(runs) // 2])
