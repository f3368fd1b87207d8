#!/usr/bin/python3
"""Reference trajectories from PyTorch's torch.optim, for tests/unit/test_torch.c.

Run by a developer (needs Debian's python3-torch), not by `make check`:
    /usr/bin/python3 tests/ref/torch_reference.py > tests/ref/torch_paths.csv
The gradients come from torch's autograd on the formulas below, the updates
from torch.optim itself: nothing here shares code with descent.
Columns: surface,optimizer,lr,step,x,y (float64, repr precision).
"""
import math
import torch

torch.set_default_dtype(torch.float64)

SURFACES = {
    "booth": (lambda x, y: (x + 2*y - 7)**2 + (2*x + y - 5)**2, (0.0, 0.0), 0.01),
    "rosenbrock": (lambda x, y: (1 - x)**2 + 100*(y - x**2)**2, (-1.2, 1.0), 0.001),
    "himmelblau": (lambda x, y: (x**2 + y - 11)**2 + (x + y**2 - 7)**2, (-0.3, -0.9), 0.01),
    "beale": (lambda x, y: (1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2,
              (0.5, -1.5), 0.01),
    "valley": (lambda x, y: x**2 + 64*y**2, (-9.0, 1.5), 0.01),
    "rastrigin": (lambda x, y: 20 + x**2 - 10*torch.cos(2*math.pi*x) + y**2 - 10*torch.cos(2*math.pi*y),
                  (-2.3, 3.1), 0.001),
}

OPTIMIZERS = {
    "sgd": lambda p, lr: torch.optim.SGD(p, lr=lr),
    "momentum": lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9),
    "nesterov": lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True),
    "adagrad": lambda p, lr: torch.optim.Adagrad(p, lr=lr, eps=1e-10),
    "rmsprop": lambda p, lr: torch.optim.RMSprop(p, lr=lr, alpha=0.99, eps=1e-8),
    "adam": lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.9, 0.999), eps=1e-8),
}

STEPS = 60

print("surface,optimizer,lr,step,x,y")
for sname, (f, start, lr) in SURFACES.items():
    for oname, make in OPTIMIZERS.items():
        xy = torch.tensor(start, requires_grad=True)
        opt = make([xy], lr)
        for step in range(STEPS + 1):
            print(f"{sname},{oname},{lr!r},{step},{xy[0].item()!r},{xy[1].item()!r}")
            opt.zero_grad()
            f(xy[0], xy[1]).backward()
            opt.step()
