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
# # Gradient descent on a landscape with two valleys
#
# This notebook runs the guide's package on $f(x) = x\cos(\pi x)$ over $[-1, 2]$, the
# function of the home page. It checks the derivative that autograd computes against the
# one we can write by hand, then runs gradient descent from several starts and shows that
# where it ends depends on where it starts.

# %%
import math

import matplotlib.pyplot as plt
import torch

from optguide.descent import gradient_descent
from optguide.objectives import x_cos_pi_x
from optguide.stationary import derivative, stationary_points

# %% [markdown]
# ## Autograd against the derivative by hand
#
# By the product rule, $f'(x) = \cos(\pi x) - \pi x \sin(\pi x)$. Autograd should agree
# with it to rounding error at every point of a grid.

# %%
xs = torch.linspace(-1.0, 2.0, 301, dtype=torch.float64)
by_autograd = derivative(x_cos_pi_x, xs)
by_hand = torch.cos(math.pi * xs) - math.pi * xs * torch.sin(
    math.pi * xs
)
difference = (by_autograd - by_hand).abs().max().item()
print(f"largest difference: {difference:.1e}")

# %% [markdown]
# ## The stationary points
#
# The package scans $f'$ for sign changes and refines each by bisection.

# %%
points = stationary_points(x_cos_pi_x, (-1.0, 2.0))
for point in points:
    print(
        f"{point.kind:16} x = {point.x:+.4f}"
        f"  f(x) = {point.value:+.4f}"
        f"  f''(x) = {point.curvature:+.2f}"
    )

# %% [markdown]
# ## Gradient descent from several starts
#
# We run 60 steps with learning rate $\eta = 0.05$ from five starting points. The local
# maximizer near $x = 0.27$ divides the interval: starts to its left end in the shallow
# valley, starts to its right in the deep one.

# %%
starts = [-0.9, -0.5, 0.2, 0.4, 1.8]
paths = {
    start: gradient_descent(x_cos_pi_x, start, lr=0.05, steps=60)
    for start in starts
}
for start, path in paths.items():
    end = path[-1].item()
    value = x_cos_pi_x(path[-1]).item()
    print(
        f"start {start:+.1f} -> end {end:+.4f}, f = {value:+.4f}"
    )

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.plot(xs, x_cos_pi_x(xs), color="0.4", label="$f(x)$")
for start, path in paths.items():
    ax.plot(
        path,
        x_cos_pi_x(path),
        "o-",
        markersize=3,
        label=f"start {start:+.1f}",
    )
ax.set_xlabel("$x$")
ax.set_ylabel("$f(x)$")
ax.legend(fontsize=8, ncol=2)
plt.show()

# %% [markdown]
# The start at $x = 0.2$ lies just left of the local maximizer, so it ends in the shallow
# local minimum at $x \approx -0.27$, although the deep one at $x \approx 1.09$ is about as
# far away. Gradient descent only ever sees the slope where it stands.
