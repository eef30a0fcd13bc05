"""Write src/core/fixtures/adam.json: PyTorch's Adam (coupled weight decay) on fixed gradients.

Run from the repository root with Debian's Python (apt-get install -y python3-torch):

    /usr/bin/python3 scripts/make_adam_fixture.py

src/core/model/adam.ts must reproduce torch.optim.Adam step for step: three parameter tensors of
different shapes (the optimizer works on all of them concatenated), four steps with given gradients,
a weight decay large enough to matter. The fixture records the parameters and both moments after
every step.
"""

import json
import os

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "core", "fixtures", "adam.json")

SHAPES = [[3, 4], [5], [2, 3]]
STEPS = 4
HYPER = {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weightDecay": 0.05}


def main():
    gen = torch.Generator().manual_seed(7)
    params = [torch.nn.Parameter(torch.randn(s, generator=gen, dtype=torch.float32)) for s in SHAPES]
    init = [p.detach().flatten().tolist() for p in params]
    opt = torch.optim.Adam(
        params,
        lr=HYPER["lr"],
        betas=(HYPER["beta1"], HYPER["beta2"]),
        eps=HYPER["eps"],
        weight_decay=HYPER["weightDecay"],
    )
    steps = []
    for t in range(STEPS):
        # Gradients of very different sizes, one exactly zero, so the eps and bias terms show.
        grads = [torch.randn(s, generator=gen, dtype=torch.float32) * (10.0 ** (i - 1)) for i, s in enumerate(SHAPES)]
        grads[1][0] = 0.0
        for p, g in zip(params, grads):
            p.grad = g.clone()
        opt.step()
        steps.append(
            {
                "grads": [g.flatten().tolist() for g in grads],
                "params": [p.detach().flatten().tolist() for p in params],
                "m": [opt.state[p]["exp_avg"].flatten().tolist() for p in params],
                "v": [opt.state[p]["exp_avg_sq"].flatten().tolist() for p in params],
            }
        )
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "shapes": SHAPES, "hyper": HYPER, "init": init, "steps": steps}, f)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
