"""Per-row gradients of the GradStop authors' AE (Linear -> BatchNorm (train) -> ReLU -> dropout -> Linear) by torch
autodiff, one backward per row: the independent check of src/core/model/ghostGrad.ts and DenseAe.backward.
Writes src/core/fixtures/ae-grads.json. Run: /usr/bin/python3 scripts/make_ae_grad_fixture.py"""
import json
import numpy as np
import torch

rng = np.random.default_rng(7)
n, d, h = 24, 5, 7
X = rng.normal(size=(n, d)).astype(np.float32)
params = {
    'W1': rng.normal(scale=0.4, size=(d, h)).astype(np.float32),
    'b1': rng.normal(scale=0.1, size=h).astype(np.float32),
    'gamma': (1 + rng.normal(scale=0.2, size=h)).astype(np.float32),
    'beta': rng.normal(scale=0.2, size=h).astype(np.float32),
    'W2': rng.normal(scale=0.4, size=(h, d)).astype(np.float32),
    'b2': rng.normal(scale=0.1, size=d).astype(np.float32),
}
mask = (rng.random(size=(n, h)) >= 0.2).astype(np.float32) / 0.8

t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
Xt = torch.tensor(X, dtype=torch.float64)
z = Xt @ t['W1'] + t['b1']
y = torch.nn.functional.batch_norm(z, None, None, t['gamma'], t['beta'], training=True, eps=1e-5)
a = torch.relu(y) * torch.tensor(mask, dtype=torch.float64)
out = a @ t['W2'] + t['b2']
s = ((out - Xt) ** 2).sum(dim=1)
order = ['W1', 'b1', 'gamma', 'beta', 'W2', 'b2']
rows = []
for j in range(n):
    g = torch.autograd.grad(s[j], [t[k] for k in order], retain_graph=True)
    rows.append(torch.cat([x.reshape(-1) for x in g]).numpy())
rows = np.array(rows)
mean_grad = torch.autograd.grad(s.mean(), [t[k] for k in order])
probe = list(range(0, n, 2))  # probe positions: every other batch row
json.dump(
    {
        'n': n, 'd': d, 'h': h,
        'X': X.reshape(-1).tolist(),
        'params': [params[k].reshape(-1).tolist() for k in order],
        'mask': mask.reshape(-1).tolist(),
        's': s.detach().numpy().tolist(),
        'meanGrad': torch.cat([x.reshape(-1) for x in mean_grad]).numpy().tolist(),
        'probe': probe,
        'norms': np.linalg.norm(rows[probe], axis=1).tolist(),
        'groupA': [0, 3, 5], 'groupB': [1, 2, 7, 9],
        'sumA': rows[[probe[i] for i in [0, 3, 5]]].sum(axis=0).tolist(),
        'sumB': rows[[probe[i] for i in [1, 2, 7, 9]]].sum(axis=0).tolist(),
    },
    open('src/core/fixtures/ae-grads.json', 'w'),
)
