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
# # Analytical and numerical solutions, by experiment
#
# This notebook is the companion of the chapter "Analytical and numerical solutions". It
# solves one least-squares problem in closed form and by gradient descent, then varies what
# the chapter fixed: the size of the problem, the learning rate, the precision and the
# condition number.

# %%
import matplotlib.pyplot as plt
import torch

from optguide.conditioning import (
    iterations_to_tolerance,
    optimal_step,
    predicted_iterations,
    quadratic,
)
from optguide.iterative import DivergenceError, minimize
from optguide.least_squares import (
    empirical_risk,
    empirical_risk_gradient,
    hessian,
    make_regression,
    solve_normal_equations,
    solve_qr,
    stability_limit,
)
from optguide.logistic_regression import (
    logistic_risk,
    make_classification,
)
from optguide.newton import newton

# %% [markdown]
# ## The closed form for growing problems
#
# For several sizes $d$ we solve the normal equations and check the answer two ways: the
# gradient at $\hat w$ and the agreement with a QR factorization of $X$.

# %%
for d in (2, 8, 32):
    problem = make_regression(n=400, d=d, noise=0.5, seed=1)
    X, y = problem.X, problem.y
    w_hat = solve_normal_equations(X, y)
    grad_norm = torch.linalg.vector_norm(
        empirical_risk_gradient(X, y, w_hat)
    ).item()
    gap = torch.linalg.vector_norm(solve_qr(X, y) - w_hat).item()
    eigenvalues = torch.linalg.eigvalsh(hessian(X))
    kappa = (eigenvalues[-1] / eigenvalues[0]).item()
    print(
        f"d = {d:2d}: |grad| = {grad_norm:.1e}, "
        f"|QR - solve| = {gap:.1e}, kappa(H) = {kappa:.1f}"
    )

# %% [markdown]
# ## Learning rates on both sides of the limit
#
# We sweep $\eta$ from a tenth of $2/\lambda_{\max}$ to just above it. Each run either
# converges (and we count its iterations) or raises `DivergenceError`, which we catch and
# report: the solver never hands back a diverged iterate as if it were an answer.

# %%
problem = make_regression()
X, y = problem.X, problem.y
w_hat = solve_normal_equations(X, y)
limit = stability_limit(X)


def risk(w: torch.Tensor) -> torch.Tensor:
    return empirical_risk(X, y, w)


fractions = [
    0.1,
    0.25,
    0.5,
    0.75,
    0.9,
    0.97,
    0.99,
    1.01,
    1.05,
    1.2,
]
counts = {}
for fraction in fractions:
    try:
        result = minimize(
            risk,
            torch.zeros(4),
            lr=fraction * limit,
            grad_tol=1e-10,
        )
        counts[fraction] = result.iterations
        print(
            f"eta = {fraction:4.2f} x limit: "
            f"converged in {result.iterations} iterations"
        )
    except DivergenceError as error:
        # the error's message is long: on a line of its own
        print(f"eta = {fraction:4.2f} x limit:\n    {error}")

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.semilogy(list(counts), list(counts.values()), "o-")
ax.axvline(1.0, color="0.5", linestyle=":")
ax.set_xlabel(r"$\eta$ as a fraction of $2/\lambda_{\max}$")
ax.set_ylabel(r"iterations to $\|\nabla\hat R_n\| \leq 10^{-10}$")
plt.show()

# %% [markdown]
# The count is smallest near $\eta = 2/(\lambda_{\min} + \lambda_{\max})$ and blows up as
# $\eta$ approaches the limit, where the top component barely shrinks.

# %%
eigenvalues = torch.linalg.eigvalsh(hessian(X))
best = 2.0 / (eigenvalues[0] + eigenvalues[-1]).item()
print(
    f"optimal step as a fraction of the limit: {best / limit:.3f}"
)

# %% [markdown]
# ## The float32 floor with a tolerance it cannot meet
#
# A `grad_tol` of 1e-8 is a perfectly representable `float32` number, but it lies below
# what this computation reaches: the gradient norm stalls at the floor (about κ·u, with
# u = 2^-24 the unit roundoff). A tolerance below the floor ends the run by the other rules:
# the relative-change rule when the iterate freezes, or the budget. (The step at which the
# iterate freezes is rounding noise, so it is not printed.)

# %%
for grad_tol in (1e-4, 1e-6, 1e-8, 1e-12):
    run = minimize(
        lambda w: empirical_risk(X.float(), y.float(), w),
        torch.zeros(4),
        lr=0.5,
        grad_tol=grad_tol,
        dtype=torch.float32,
    )
    print(f"grad_tol {grad_tol:.0e}: stopped by {run.reason}")

# %% [markdown]
# ## Iterations against the condition number, with a random start
#
# The chapter used a fixed start. With random starts the count with the optimal step still
# matches $\lceil \ln(\text{tol}) / \ln\rho \rceil$, because in two dimensions both
# components shrink by the same factor.

# %%
generator = torch.Generator().manual_seed(0)
for kappa in (4.0, 40.0, 400.0):
    A = quadratic(kappa, 0.7)
    measured = [
        iterations_to_tolerance(
            A,
            torch.randn(
                2, generator=generator, dtype=torch.float64
            ),
            optimal_step(A),
            1e-8,
        )
        for _ in range(5)
    ]
    predicted = predicted_iterations(kappa, 1e-8)
    print(
        f"kappa {kappa:3.0f}: measured {measured}, "
        f"predicted {predicted}"
    )

# %% [markdown]
# ## No closed form: logistic regression
#
# Gradient descent and Newton's method reach the same weights; no closed form gives them
# (only special cases have one, such as the intercept-only model, whose minimizer is the
# log-odds of the label frequency). As the classes move apart the minimizer moves away from
# the origin and gradient descent needs more iterations.

# %%
for separation in (0.5, 1.0, 2.0):
    data = make_classification(
        n=200, d=3, separation=separation, seed=0
    )

    def cross_entropy(w: torch.Tensor, data=data) -> torch.Tensor:
        return logistic_risk(data.X, data.y, w)

    descent = minimize(
        cross_entropy,
        torch.zeros(3),
        lr=1.0,
        grad_tol=1e-8,
        max_iter=50_000,
    )
    second = newton(cross_entropy, torch.zeros(3), grad_tol=1e-8)
    gap = torch.linalg.vector_norm(
        descent.theta - second.theta
    ).item()
    print(
        f"separation {separation}: "
        f"descent {descent.iterations:5d} iterations, "
        f"Newton {second.iterations} iterations,\n    "
        f"|w| = {torch.linalg.vector_norm(second.theta):.2f}, "
        f"gap {gap:.1e}"
    )

# %% [markdown]
# Newton's step count barely changes; gradient descent's grows because the Hessian of the
# logistic risk gets flatter where the sigmoids saturate, which raises the condition number.
# A quick check of $\kappa$ at each minimizer:

# %%
for separation in (0.5, 1.0, 2.0):
    data = make_classification(
        n=200, d=3, separation=separation, seed=0
    )

    def cross_entropy(w: torch.Tensor, data=data) -> torch.Tensor:
        return logistic_risk(data.X, data.y, w)

    w_star = newton(cross_entropy, torch.zeros(3)).theta
    eigenvalues = torch.linalg.eigvalsh(
        torch.autograd.functional.hessian(cross_entropy, w_star)
    )
    kappa = (eigenvalues[-1] / eigenvalues[0]).item()
    print(
        f"separation {separation}: "
        f"kappa at the minimizer {kappa:.1f}"
    )
