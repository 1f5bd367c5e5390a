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
# # Saddle points, measured
#
# This notebook repeats the experiments of the "Saddle points" chapter with other
# settings: a smaller learning rate for the escape time, Newton's method from several
# starts, the GOE probabilities with another seed, and the Hessian spectrum of a smaller
# network. Everything it runs comes from the guide's package, `optguide`.

# %%
import math

import matplotlib.pyplot as plt
import torch

from optguide.curvature import (
    classify_critical_point,
    hessian_eigenvalues,
)
from optguide.descent import gradient_descent
from optguide.network_hessian import spectrum_experiment
from optguide.random_matrices import (
    positive_definite_log_probabilities,
    positive_definite_probability,
)
from optguide.saddles import (
    cubic_newton_step,
    double_well_saddle,
    escape_iterations,
    newton_step,
    predicted_escape_iterations,
    saddle_free_newton_step,
    trust_region_step,
)

# %% [markdown]
# ## The critical points of the double-well function
#
# $f(x, y) = \frac12 x^2 - \frac12 y^2 + \frac14 y^4$ has three critical points. The
# second-order test classifies each.

# %%
# Each cell prints once: the lines are joined, so the output is
# one piece of text.
lines = []
for point in ([0.0, 0.0], [0.0, 1.0], [0.0, -1.0]):
    result = classify_critical_point(double_well_saddle, point)
    lines.append(
        f"{point}: eigenvalues {result.eigenvalues}"
        f" -> {result.kind}"
    )
print("\n".join(lines))

# %% [markdown]
# ## Escape time with a smaller learning rate
#
# With $\eta = 0.02$ the factor per step is $1.02$ instead of $1.1$, so escaping takes about
# five times longer. The prediction $\log(r/\varepsilon)/\log(1 + \eta|\lambda_{\min}|)$
# should follow, up to a constant offset: the quartic term slows the last steps, and with a
# smaller step there are more of those.

# %%
lr, radius = 0.02, 0.5
lambda_min = hessian_eigenvalues(double_well_saddle, [0.0, 0.0])[
    0
].item()
epsilons = [10.0**-k for k in range(1, 11, 2)]
measured = [
    escape_iterations(
        double_well_saddle,
        [0.0, 0.0],
        [1.0, eps],
        lr=lr,
        radius=radius,
    )
    for eps in epsilons
]
predicted = [
    predicted_escape_iterations(
        eps, lr=lr, lambda_min=lambda_min, radius=radius
    )
    for eps in epsilons
]
print(
    "\n".join(
        f"eps = {eps:.0e}: measured {m}, predicted {p:.1f}"
        for eps, m, p in zip(
            epsilons, measured, predicted, strict=True
        )
    )
)

fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.semilogx(epsilons, predicted, "-", label="prediction")
ax.semilogx(epsilons, measured, "o", label="measured")
ax.set_xlabel(r"$\varepsilon$")
ax.set_ylabel("steps to escape")
ax.legend()
plt.show()

# %% [markdown]
# ## Newton's method from several starts
#
# Every start with $|y| < 1/\sqrt{3}$ sits where $\partial^2 f/\partial y^2 < 0$, but that
# is not enough for Newton's method to go to the saddle point. In $y$ the Newton map is
# $y \mapsto 2y^3/(3y^2 - 1)$, which shrinks $|y|$ only when $2y^2 < 1 - 3y^2$, that is
# $|y| < 1/\sqrt{5} \approx 0.447$. The last start, $y = 0.5$, lies between $1/\sqrt5$
# and $1/\sqrt3$: its first Newton step lands on $y = -1$, a minimizer. Saddle-free
# Newton goes to a minimizer from every start.

# %%
lines = []
for start in ([0.5, 0.05], [-0.9, 0.3], [0.2, -0.4], [0.3, 0.5]):
    newton = torch.tensor(start, dtype=torch.float64)
    free = newton.clone()
    for _ in range(20):
        newton = newton_step(double_well_saddle, newton)
        free = saddle_free_newton_step(double_well_saddle, free)
    lines.append(
        f"start {start}: "
        f"Newton {[round(v, 4) for v in newton.tolist()]}, "
        f"saddle-free {[round(v, 4) for v in free.tolist()]}"
    )
print("\n".join(lines))

# %% [markdown]
# ## Newton with guarantees, from the same starts
#
# The cubic-regularized step (here with $M = 6$) and the trust-region step (radius
# $\Delta$) shift the Hessian until it is positive semidefinite. Try a smaller $M$ or a
# larger $\Delta$: the steps get longer, and $f$ may stop falling at every step.

# %%
lines = []
for start in (
    [0.5, 0.05],
    [-0.9, 0.3],
    [0.2, -0.4],
    [0.3, 0.5],
    [1.0, 0.0],
):
    cubic = torch.tensor(start, dtype=torch.float64)
    trust = cubic.clone()
    for _ in range(20):
        cubic = cubic_newton_step(
            double_well_saddle, cubic, lipschitz=6.0
        )
        trust = trust_region_step(
            double_well_saddle, trust, radius=0.5
        )
    lines.append(
        f"start {start}: "
        f"cubic {[round(v, 4) for v in cubic.tolist()]}, "
        f"trust region {[round(v, 4) for v in trust.tolist()]}"
    )
print("\n".join(lines))

# %% [markdown]
# ## Gradient descent next to the stable manifold: a deliberately tiny offset
#
# On the line $y = 0$ the iterate stays exactly on the line, because the $y$-component of
# the gradient is exactly zero there. Start at $y = 10^{-100}$ instead, an offset chosen
# far below anything a measurement could see: a few thousand steps of $\eta = 0.1$ carry
# it away, as the prediction says.

# %%
path = gradient_descent(
    double_well_saddle, [1.0, 1e-100], lr=0.1, steps=2500
)
leave = int((path[:, 1].abs() > 0.5).nonzero()[0])
prediction = math.log(0.5 / 1e-100) / math.log(1.1)
print(
    f"|y| > 1/2 first at step {leave}; "
    f"prediction {prediction:.0f}"
)

# %% [markdown]
# ## GOE probabilities with another seed
#
# The estimates change by about their standard errors; "exact" is de Bruijn's Pfaffian,
# computed by `positive_definite_log_probabilities`. Count how many estimates fall within
# two standard errors of it, and try other seeds.

# %%
lines = []
exact = positive_definite_log_probabilities(4)
for d in range(1, 5):
    estimate = positive_definite_probability(d, 200_000, seed=7)
    lines.append(
        f"d = {d}: P = {estimate.probability:.2e}"
        f" ± {estimate.standard_error:.0e}"
        f"   exact = {math.exp(exact[d - 1]):.3e}"
        f"   2^-d = {0.5**d:.2e}"
    )
print("\n".join(lines))

# %% [markdown]
# ## A narrower network
#
# A $2$–$8$–$8$–$1$ network has 105 parameters. Is its trained Hessian spectrum also a
# bulk near zero with a few outliers?

# %%
run = spectrum_experiment(
    (2, 8, 8, 1), steps=1000, lr=0.02, seed=1
)
lines = [
    f"{run.parameters} parameters, "
    f"loss {run.initial_loss:.3f} -> {run.final_loss:.1e}"
]
for name, values in (
    ("init", run.initial_eigenvalues),
    ("trained", run.final_eigenvalues),
):
    band = 1e-3 * values.max().item()
    zero = int((values.abs() < band).sum())
    below = int((values < -band).sum())
    above = int((values > band).sum())
    lines.append(
        f"{name:8} near zero {zero:3}"
        f"  below {below:3}  above {above:3}"
    )
print("\n".join(lines))
fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.plot(run.initial_eigenvalues, ".", label="initialization")
ax.plot(run.final_eigenvalues, ".", label="after training")
ax.set_yscale("symlog", linthresh=1e-4)
ax.set_xlabel("index")
ax.set_ylabel("eigenvalue")
ax.legend()
plt.show()

# %% [markdown]
# The counts answer the question: after training, most eigenvalues sit in the band
# $|\lambda| < 10^{-3}\lambda_{\max}$, none is clearly negative, and the curvature is
# carried by the eigenvalues above the band. Try other widths, seeds and numbers of
# training steps, and see whether the picture holds.
