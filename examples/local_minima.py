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
# # Local minima: basins, noise and symmetry
#
# This notebook extends the experiments of the chapter on local minima with settings the
# chapter does not show. It uses the guide's package on $f(x) = x\cos(\pi x)$ over
# $[-1, 2]$, whose shallow local minimizer is near $x = -0.27$ and whose global minimizer
# is near $x = 1.09$, and on small neural networks.

# %%
import math

import matplotlib.pyplot as plt
import torch

from optguide.annealing import (
    geometric_cooling,
    simulated_annealing,
)
from optguide.minima import basins, descend_many, settle
from optguide.models import mlp
from optguide.objectives import x_cos_pi_x
from optguide.stationary import stationary_points
from optguide.symmetry import permute_hidden_units, wiggly_data

torch.set_num_threads(1)  # small tensors: one thread is faster
INTERVAL = (-1.0, 2.0)
shallow, barrier, deep = (
    p.x for p in stationary_points(x_cos_pi_x, INTERVAL)
)
print(
    f"shallow {shallow:+.4f}, barrier {barrier:+.4f}, "
    f"deep {deep:+.4f}"
)

# %% [markdown]
# ## How the learning rate reshapes the basins
#
# The chapter shows three learning rates. Here we sweep $\eta$ and record the share of
# 601 starts that end at each minimizer. Gradient descent can converge to a minimizer
# $x^\star$ only if $\eta < 2 / f''(x^\star)$; the dotted lines mark these thresholds.

# %%
rates = torch.linspace(0.02, 0.34, 17).tolist()
shares = []
for rate in rates:
    labels = basins(
        x_cos_pi_x, INTERVAL, lr=rate, steps=400, grid=601
    ).labels
    shares.append(
        [float((labels == k).double().mean()) for k in (0, 1, -1)]
    )
shares_t = torch.tensor(shares)

fig, ax = plt.subplots(figsize=(6.4, 3.4))
# the chapter's color code: orange for the local minimizer,
# magenta for the global one, gray for runs that do not converge
colors = {
    "local minimizer": "#d55e00",
    "global minimizer": "#c2185b",
    "no convergence": "#57606a",
}
for column, (name, color) in enumerate(colors.items()):
    ax.plot(
        rates,
        shares_t[:, column],
        "o-",
        markersize=3,
        label=name,
        color=color,
    )
for point in stationary_points(x_cos_pi_x, INTERVAL):
    if point.kind == "local minimizer":
        threshold = 2 / point.curvature
        print(f"2 / f''({point.x:+.2f}) = {threshold:.3f}")
        ax.axvline(threshold, color="0.5", linestyle=":")
ax.set_xlabel(r"learning rate $\eta$")
ax.set_ylabel("share of starts")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# Three regimes appear. Below $2 / f''(1.09) \approx 0.165$ both minimizers attract, and
# the split is the one the chapter shows. Between the two thresholds the deep minimizer
# no longer attracts: starts on its side oscillate forever, or, for the larger steps, are
# thrown over the barrier into the shallow valley. (`basins` counts a run at a minimizer
# only if its last two iterates are both near it, so that a run wandering past the
# minimizer at its last step is not counted there.) Above $2 / f''(-0.27) \approx 0.306$
# neither minimizer is stable and no start converges.
#
# ## Noise level against success
#
# Gradient descent with Gaussian gradient noise of standard deviation $\sigma$, 400 runs of
# 1000 steps each from the shallow minimizer. Too little noise never escapes; too much
# never settles.

# %%
starts = torch.full((400,), shallow, dtype=torch.float64)
sigmas = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0]
success = []
for sigma in sigmas:
    path = descend_many(
        x_cos_pi_x,
        starts,
        0.05,
        1000,
        noise=sigma,
        interval=INTERVAL,
    )
    labels = settle(
        x_cos_pi_x, path[-1], (shallow, deep), INTERVAL
    )
    success.append(float((labels == 1).double().mean()))
    print(
        f"sigma = {sigma:3.1f}: "
        f"share in the global basin {success[-1]:.3f}"
    )

# %% [markdown]
# ## Geometric cooling: how slow is slow enough?
#
# Simulated annealing with $T_t = r^t$ for several ratios $r$, same budget of 1000 steps.

# %%
for ratio in (0.9, 0.95, 0.98, 0.99, 0.995, 0.998):
    path = simulated_annealing(
        x_cos_pi_x,
        starts,
        geometric_cooling(1.0, ratio, 1000),
        0.1,
        interval=INTERVAL,
    )
    labels = settle(
        x_cos_pi_x, path[-1], (shallow, deep), INTERVAL
    )
    share = float((labels == 1).double().mean())
    print(
        f"r = {ratio}: final T {ratio**999:.1e}, "
        f"share in the global basin {share:.3f}"
    )

# %% [markdown]
# Cooling too fast freezes the walk in the valley it started in. Over this range, slower
# cooling keeps helping; the price is a higher final temperature, which leaves the runs
# more spread around the minimizer they found. With a shorter budget the best ratio would
# be smaller: the schedule has to fit the budget.
#
# ## Permuting a deeper network
#
# In a network with two hidden layers each can be permuted on its own, for
# $m_1!\,m_2!$ copies of every parameter vector. We permute the second hidden layer.

# %%
x, y = wiggly_data()
net = mlp([1, 6, 6, 1], "tanh", seed=3)
twin = permute_hidden_units(
    net, torch.tensor([5, 4, 3, 2, 1, 0]), layer=1
)
with torch.no_grad():
    difference = (net(x) - twin(x)).abs().max().item()
    print(f"largest output difference: {difference:.1e}")
print(f"copies from permutations alone: {math.factorial(6) ** 2}")
