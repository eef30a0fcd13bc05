"""Markdown table of the autoencoder methods' transductive runs (docs/bench-results/ae/*.jsonl, written by
`npm run bench -- --suite ... --protocol transductive --json`): mean train AUC (all rows) over the seeds per set.
Run: /usr/bin/python3 scripts/summarize_ae_bench.py"""
import json
import os
import statistics as st

DIR = 'docs/bench-results/ae'
COLS = ['ae', 'gradstop', 'gradstop-no-tD', 'rejection-soft', 'rejection-hard', 'rejection-none']
# The GradStop paper's Table II (VanillaAE, GradAE), where it reports these sets.
PAPER = {'cardio': (0.809, 0.950), 'pendigits': (0.769, 0.930), 'mammography': (0.738, 0.846), 'satimage-2': (0.906, 0.990)}

# IMBoost (test AUC, 3 data seeds), ALTBI and ODIM (test AUC, data seed 100) under the split protocol, from the
# "IMBoost with the CLI default split" table of docs/benchmarks.md: another protocol, for orientation only.
SPLIT = {}
doc = open('docs/benchmarks.md').read()
section = doc.split('## IMBoost with the CLI default split', 1)[1].split('\n## ', 1)[0]
for line in section.splitlines():
    cells = [c.strip() for c in line.strip('|').split('|')]
    if len(cells) == 12 and cells[0] not in ('dataset', '**mean**') and not cells[0].startswith('-'):
        SPLIT[cells[0]] = (cells[5], cells[9], cells[11])

runs = {}
for c in COLS:
    p = os.path.join(DIR, c + '.jsonl')
    if not os.path.exists(p):
        continue
    for line in open(p):
        r = json.loads(line)
        runs.setdefault(c, {}).setdefault(r['dataset'], []).append(r)
cols = [c for c in COLS if c in runs]
sets = sorted(runs['ae'])
print('| set | rows | ' + ' | '.join(cols) + ' | paper vanilla | paper GradStop | split: IMBoost | ALTBI | ODIM |')
print('|---|---|' + '---|' * len(cols) + '---|---|---|---|---|')
means = {c: [] for c in cols}
for s in sets:
    cells = []
    for c in cols:
        rs = runs[c].get(s, [])
        if len(rs) == 3:
            m = st.mean(r['train_auc'] for r in rs)
            means[c].append(m)
            cells.append(f'{m:.3f}')
        else:
            cells.append('-')
    pv, pg = PAPER.get(s, (None, None))
    n = runs['ae'][s][0]['n_train']
    sp = SPLIT.get(s, ('-', '-', '-'))
    print(f'| {s} | {n} | ' + ' | '.join(cells) + f" | {pv if pv else '-'} | {pg if pg else '-'} | " + ' | '.join(sp) + ' |')
print('| **mean** | | ' + ' | '.join(f'**{st.mean(means[c]):.3f}** ({len(means[c])})' if means[c] else '-' for c in cols) + ' | | | | | |')
ap = {c: st.mean(r['train_ap'] for rs in runs[c].values() for r in rs) for c in cols}
print('| mean AP | | ' + ' | '.join(f'{ap[c]:.3f}' for c in cols) + ' | | | | | |')
secs = {c: st.mean(r['seconds'] for rs in runs[c].values() for r in rs) for c in cols}
print('| s/run | | ' + ' | '.join(f'{secs[c]:.1f}' for c in cols) + ' | | | | | |')
