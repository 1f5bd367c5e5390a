# %%
# Outside the guide's repository (Colab, any Jupyter): install its package.
try:
    import optguide  # noqa: F401
except ImportError:
    import os
    import subprocess
    import sys

    site = os.environ.get("OPTGUIDE_SITE", "https://optguide.github.io/optguide/")
    wheel = site + "packages/optguide-0.1.0-py3-none-any.whl"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", wheel], check=True)

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

from optguide.curvature import classify_critical_point, hessian_eigenvalues
from optguide.descent import gradient_descent
from optguide.network_hessian import spectrum_experiment
from optguide.random_matrices import dean_majumdar, positive_definite_probability
from optguide.saddles import (
    double_well_saddle,
    escape_iterations,
    newton_step,
    predicted_escape_iterations,
    saddle_free_newton_step,
)

# %% [markdown]
# ## The critical points of the double-well function
#
# $f(x, y) = \frac12 x^2 - \frac12 y^2 + \frac14 y^4$ has three critical points. The
# second-order test classifies each.

# %%
# Each cell prints once: the lines are joined, so the output is one piece of text.
lines = []
for point in ([0.0, 0.0], [0.0, 1.0], [0.0, -1.0]):
    result = classify_critical_point(double_well_saddle, point)
    lines.append(f"{point}: eigenvalues {result.eigenvalues} -> {result.kind}")
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
lambda_min = hessian_eigenvalues(double_well_saddle, [0.0, 0.0])[0].item()
epsilons = [10.0**-k for k in range(1, 11, 2)]
measured = [
    escape_iterations(double_well_saddle, [0.0, 0.0], [1.0, eps], lr=lr, radius=radius)
    for eps in epsilons
]
predicted = [
    predicted_escape_iterations(eps, lr=lr, lambda_min=lambda_min, radius=radius)
    for eps in epsilons
]
print(
    "\n".join(
        f"eps = {eps:.0e}: measured {m}, predicted {p:.1f}"
        for eps, m, p in zip(epsilons, measured, predicted, strict=True)
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
# Every start with $|y| < 1/\sqrt{3}$ sits where $\partial^2 f/\partial y^2 < 0$. Newton's
# method goes to the saddle point from all of them; saddle-free Newton goes to a
# minimizer.

# %%
lines = []
for start in ([0.5, 0.05], [-0.9, 0.3], [0.2, -0.4]):
    newton = torch.tensor(start, dtype=torch.float64)
    free = newton.clone()
    for _ in range(20):
        newton = newton_step(double_well_saddle, newton)
        free = saddle_free_newton_step(double_well_saddle, free)
    lines.append(
        f"start {start}: Newton -> {[round(v, 4) for v in newton.tolist()]}, "
        f"saddle-free -> {[round(v, 4) for v in free.tolist()]}"
    )
print("\n".join(lines))

# %% [markdown]
# ## Gradient descent on the stable manifold, with rounding
#
# On the line $y = 0$ the iterate stays exactly on the line, because the $y$-component of
# the gradient is exactly zero there. Start at $y = 10^{-100}$ instead: the offset is far
# below anything a measurement could see, yet a few thousand steps of $\eta = 0.1$ carry
# it away, as the prediction says.

# %%
path = gradient_descent(double_well_saddle, [1.0, 1e-100], lr=0.1, steps=2500)
leave = int((path[:, 1].abs() > 0.5).nonzero()[0])
print(f"|y| > 1/2 first at step {leave}; prediction {math.log(0.5 / 1e-100) / math.log(1.1):.0f}")

# %% [markdown]
# ## GOE probabilities with another seed
#
# The estimates change by about their standard errors. "law" is the large-$n$ law
# $e^{-\theta n^2}$, $\theta = \ln 3 / 4$, of Dean & Majumdar (2006).

# %%
lines = []
for n in range(1, 5):
    estimate = positive_definite_probability(n, 200_000, seed=7)
    lines.append(
        f"n = {n}: P = {estimate.probability:.2e} ± {estimate.standard_error:.0e}"
        f"   2^-n = {0.5**n:.2e}   law = {dean_majumdar(n):.2e}"
    )
print("\n".join(lines))

# %% [markdown]
# ## A narrower network
#
# A $2$–$8$–$8$–$1$ network has 105 parameters. Is its trained Hessian spectrum also a
# bulk near zero with a few outliers?

# %%
run = spectrum_experiment((2, 8, 8, 1), steps=1000, lr=0.02, seed=1)
lines = [f"{run.parameters} parameters, loss {run.initial_loss:.3f} -> {run.final_loss:.1e}"]
for name, values in (("init", run.initial_eigenvalues), ("trained", run.final_eigenvalues)):
    band = 1e-3 * values.max().item()
    lines.append(
        f"{name:8} near zero {int((values.abs() < band).sum()):3}"
        f"  below {int((values < -band).sum()):3}  above {int((values > band).sum()):3}"
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
