# %%
# Outside the guide's repository (Colab, Jupyter): install it.
try:
    import optguide  # noqa: F401
except ImportError:
    import os
    import subprocess
    import sys

    site = os.environ.get(
        "OPTGUIDE_SITE", "https://optguide.github.io/optguide/"
    )
    wheel = site + "packages/optguide-0.1.0-py3-none-any.whl"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", wheel],
        check=True,
    )

# %% [markdown]
# # Vanishing and exploding gradients, in training
#
# The chapter measures gradients at initialization. This notebook trains the networks and
# checks that the measurements predict what happens: which networks learn, which layers
# move, and what clipping does over a whole run. Everything is seeded and runs on a CPU in
# seconds.

# %%
import math

import matplotlib.pyplot as plt
import torch

from optguide.clipping import (
    cliff_location,
    one_unit_rnn,
    train_rnn,
)
from optguide.gradient_flow import deep_network
from optguide.saturation import sigmoid_derivative
from optguide.threads import one_thread

torch.set_num_threads(1)
# Transparent plots with mid-gray text and axes read on the light
# and the dark theme alike. The two tick colors sit on either
# side of Jupyter's light/dark test, so that it paints no
# background box behind the image in either theme.
GRAY, DARKER_GRAY = "#8c959f", "#6e7781"
plt.rcParams.update(
    {
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
        "text.color": GRAY,
        "axes.labelcolor": GRAY,
        "axes.edgecolor": GRAY,
        "xtick.color": GRAY,
        "ytick.color": DARKER_GRAY,
        "legend.framealpha": 0.0,
    }
)
STYLES = [
    ("-", "o"),
    ("--", "s"),
    ("-.", "^"),
    (":", "D"),
    ("-", "v"),
]

# %% [markdown]
# ## The chain rule, one factor at a time
#
# Stack ten scalar sigmoids, $h_l = \operatorname{sigmoid}(h_{l-1})$, starting from $h_0 = 0$.
# The chain rule says $dh_{10}/dh_0 = \prod_l \operatorname{sigmoid}'(h_{l-1})$. Autograd
# should give the same number, and since every factor is at most $1/4$ the product is at
# most $4^{-10}$.

# %%
h0 = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
h, factors = h0, []
for _ in range(10):
    factors.append(sigmoid_derivative(h.detach()))
    h = torch.sigmoid(h)
(by_autograd,) = torch.autograd.grad(h, h0)
print(f"autograd:            {by_autograd.item():.6e}")
product = math.prod(f.item() for f in factors)
print(f"product of factors:  {product:.6e}")
print(f"bound 4^-10:         {4.0**-10:.6e}")

# %% [markdown]
# ## Training deep networks: which ones learn?
#
# A regression task with 32 inputs: the target is a smooth function of the first two
# coordinates. We train 20-layer networks of width 32 with plain full-batch gradient
# descent for 80 steps, and record the training loss and how far the first layer's
# weights moved from their initial values, relative to their size. All use $\eta = 0.05$
# except the residual network: its output, and so its first gradients, start much larger
# (the blocks add up), and at $\eta = 0.05$ it diverges, so it gets $\eta = 0.01$.
# Why 80 steps: later, the Glorot network's loss spikes now and then, and when a spike
# comes depends on the last bit of the arithmetic, so a printed loss at step 200 would
# differ from one machine to the next.

# %%
generator = torch.Generator().manual_seed(0)
x = torch.randn(256, 32, generator=generator, dtype=torch.float64)
y = (torch.sin(2 * x[:, :1]) + x[:, 1:2] ** 2 - 1) / 2

settings = {  # name: (activation, init, residual, learning rate)
    "sigmoid, default init": ("sigmoid", "default", False, 0.05),
    "tanh, default init": ("tanh", "default", False, 0.05),
    "tanh, Glorot init": ("tanh", "glorot", False, 0.05),
    "ReLU, He init": ("relu", "he", False, 0.05),
    "tanh, default, residual": ("tanh", "default", True, 0.01),
}


def train(
    activation: str,
    init: str,
    residual: bool,
    lr: float,
    steps: int = 80,
):
    net = deep_network(
        20, 32, activation, init, residual=residual, seed=0
    )
    first = net.layers[0].weight.detach().clone()
    losses = []
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    for _ in range(steps):
        loss = ((net(x) - y) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    moved = (
        net.layers[0].weight.detach() - first
    ).norm() / first.norm()
    return losses, moved.item()


with one_thread():
    results = {
        name: train(*setting)
        for name, setting in settings.items()
    }
print(
    f"{'training loss:':26} {'start':>6} {'end':>6}"
    f" {'layer 1 moved':>14}"
)
for name, (losses, moved) in results.items():
    print(
        f"{name:26} {losses[0]:6.3f} {losses[-1]:6.3f}"
        f" {moved:14.1e}"
    )

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.4), facecolor="none")
ax.set_facecolor("none")
# The sigmoid and default-tanh losses coincide: staggered markers
# keep both visible where the lines lie on top of each other.
for k, ((name, (losses, _)), (line, marker)) in enumerate(
    zip(results.items(), STYLES, strict=False)
):
    ax.plot(
        losses,
        linestyle=line,
        marker=marker,
        markevery=(4 * k, 25),
        markersize=4,
        label=name,
    )
ax.set_xlabel("gradient-descent step")
ax.set_ylabel("training loss")
ax.set_yscale("log")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The networks whose gradients vanished at initialization are the ones that do not learn,
# and their first layer barely moves. The sigmoid network's first layer did not move at
# all here: its updates, many orders of magnitude smaller than the last layer's, are at or
# below the resolution of float64 numbers of the size of its weights, so with another seed
# it moves by a few units of that resolution at most. The matched initializations and the
# residual network train. The ReLU network's loss falls with spikes on the way; with
# another seed it can end barely below where it started, after dipping far lower.

# %% [markdown]
# ## Cliffs grow steeper with the length of the sequence
#
# The chapter shows the cliff of a one-unit recurrent network,
# $h_\tau = 2\tanh(h_{\tau-1}) + b$, after $S = 30$ steps. Here we vary $S$: for each
# length we locate the wall by bisection and sample the slope of $\ell(b) = (h_S - 1)^2$
# densely around it. Backpropagation through more steps multiplies more factors, so the
# wall should get both steeper and narrower (the chapter derives by how much: a factor
# $\nu = 2(1 - \tanh^2 0.5) \approx 1.57$ per step).

# %%
for steps in (10, 20, 30, 40):
    wall = cliff_location(2.0, (-0.6, -0.2), steps=steps)
    bs = torch.linspace(
        wall - 1e-2, wall + 1e-2, 200001, dtype=torch.float64
    )
    bs.requires_grad_(True)
    loss = (one_unit_rnn(2.0, bs, steps=steps) - 1.0) ** 2
    (slope,) = torch.autograd.grad(loss.sum(), bs)
    steep = bs.detach()[slope.abs() > 100]
    width = (
        (steep.max() - steep.min()).item() if len(steep) else 0.0
    )
    print(f"S = {steps}: wall at b = {wall:+.6f}")
    print(
        f"    largest |dl/db| {slope.abs().max().item():.1e}, "
        f"|dl/db| > 100 over {width:.1e}"
    )

# %% [markdown]
# The longer the sequence, the taller and thinner the cliff. A gradient step that lands on
# it is multiplied by that slope: this is the situation gradient clipping is for.
#
# ## Clipping thresholds over a whole run
#
# The chapter's linear recurrent network (recurrent weight $1.05\,Q$, sequences of 30
# steps), trained with SGD at $\eta = 0.03$ from four seeds under several clipping
# thresholds $c$ (None means no clipping). A run the divergence rule stopped is reported
# by its step; for the others we print the range of their mean loss over the last 50
# steps. The runs with $c = 10$ are chaotic (a last-bit change in a weight moves them),
# so for them we print only a comparison that holds on every machine.

# %%
CAP = 1e3  # losses above this are drawn at the cap
runs = {
    c: [train_rnn(c, seed=s) for s in range(4)]
    for c in (None, 10.0, 1.0, 0.1)
}
fig, ax = plt.subplots(
    figsize=(6.4, 3.4), dpi=72, facecolor="none"
)
ax.set_facecolor("none")
for k, ((c, seeds), (line, _)) in enumerate(
    zip(runs.items(), STYLES, strict=False)
):
    for index, run in enumerate(seeds):
        capped = [min(loss, CAP) for loss in run.losses]
        label = f"c = {c}" if index == 0 else None
        ax.plot(
            capped,
            linestyle=line,
            linewidth=1.0,
            color=f"C{k}",
            label=label,
        )
    stops = [run.diverged_at for run in seeds]
    if any(step is not None for step in stops):
        print(
            f"c = {c!s:5}: stopped by the divergence rule "
            f"at steps {stops}"
        )
    elif c == 10.0:
        rose = all(
            max(run.losses) > 100 * run.losses[0] for run in seeds
        )
        print(
            f"c = {c!s:5}: every seed rose above 100 times "
            f"its first loss: {rose}"
        )
    else:
        ends = [sum(run.losses[-50:]) / 50 for run in seeds]
        print(
            f"c = {c!s:5}: mean of last 50 steps "
            f"from {min(ends):.2f} to {max(ends):.2f}"
        )
ax.set_yscale("log")
ax.set_xlabel("SGD step")
ax.set_ylabel(f"training loss (capped at {CAP:.0e})")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# Without clipping every run diverges within a few steps. A loose threshold ($c = 10$)
# lets large jumps through; $c = 1$ keeps every step short enough and the loss decreases;
# $c = 0.1$ is safe but slow. Clipping does not make the landscape smoother: it only
# bounds the length of each step.
