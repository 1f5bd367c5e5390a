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
# # Training loss, held-out loss and the risk
#
# Companion notebook of the chapters "Optimization and deep learning: two different goals"
# and "Empirical risk minimization". It runs the longer versions
# of their experiments with the guide's package:
#
# 1. the overfitting polynomial, drawn as a function at its best epoch and after the last;
# 2. early stopping done the way it is done in practice, with a validation set to choose the
#    epoch and a separate test set to judge the choice;
# 3. the same picture with a small neural network;
# 4. the excess risk of the sample mean at more sample sizes, and the best amount of
#    shrinkage as the sample grows.
#
# Everything is seeded; the whole notebook runs in a few seconds on a CPU.

# %%
import math

import matplotlib.pyplot as plt
import torch

from optguide.generalization import (
    legendre_features,
    noisy_sine_sample,
    safe_learning_rate,
)
from optguide.models import mlp, parameter_count
from optguide.risk import (
    monte_carlo_excess_risk,
    shrinkage_excess_risk,
)

# tiny tensors: one thread is faster and gives the same digits
torch.set_num_threads(1)

# %% [markdown]
# ## 1. What the overfitting polynomial looks like
#
# The chapter's experiment fits a degree-15 polynomial to 20 noisy samples of
# $\sin(\pi x)$ by full-batch gradient descent. Here we write the loop for one model with
# `torch.optim.SGD`, and keep a copy of the coefficients at the epoch with the lowest
# held-out loss, as early stopping does.

# %%
NOISE, DEGREE, EPOCHS = 0.3, 15, 5000
train = noisy_sine_sample(20, NOISE, seed=0)
heldout = noisy_sine_sample(1000, NOISE, seed=1)
phi, phi_heldout = (
    legendre_features(train.x, DEGREE),
    legendre_features(heldout.x, DEGREE),
)

theta = torch.zeros(
    DEGREE + 1, dtype=torch.float64, requires_grad=True
)
optimizer = torch.optim.SGD([theta], lr=safe_learning_rate(phi))
best = (math.inf, 0, theta.detach().clone())
for epoch in range(EPOCHS + 1):
    with torch.no_grad():
        heldout_loss = float(
            (phi_heldout @ theta - heldout.y).pow(2).mean()
        )
    if heldout_loss < best[0]:
        best = (heldout_loss, epoch, theta.detach().clone())
    if epoch == EPOCHS:
        break
    optimizer.zero_grad()
    loss = (phi @ theta - train.y).pow(2).mean()
    loss.backward()
    optimizer.step()

best_loss, best_epoch, theta_best = best
print(f"best epoch {best_epoch}: held-out loss {best_loss:.4f}")
print(f"epoch {EPOCHS}: held-out loss {heldout_loss:.4f}")

# %% [markdown]
# The numbers match the chapter's. Epoch 5000 is only where the loop stops: the minimizer
# of the training loss, which descent approaches much later, is the least-squares fit, and
# it is far worse on new data.

# %%
theta_ls = torch.linalg.lstsq(
    phi, train.y.unsqueeze(1), driver="gelsd"
).solution.squeeze(1)
with torch.no_grad():
    train_5000 = float((phi @ theta - train.y).pow(2).mean())
train_min = float((phi @ theta_ls - train.y).pow(2).mean())
heldout_min = float(
    (phi_heldout @ theta_ls - heldout.y).pow(2).mean()
)
print(
    f"training loss: epoch {EPOCHS} {train_5000:.4f}, "
    f"minimum {train_min:.4f}"
)
print(f"held-out loss of the exact minimizer: {heldout_min:.0e}")

# %% [markdown]
# The picture shows why stopping matters: at the best epoch the polynomial follows the
# smooth shape of $\sin(\pi x)$; after 5000 epochs it bends toward individual noisy points,
# and between and beyond them, where there are no data, it swings away from the truth.

# %%
grid = torch.linspace(-1, 1, 400, dtype=torch.float64)
features = legendre_features(grid, DEGREE)
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.plot(
    grid,
    torch.sin(math.pi * grid),
    color="0.5",
    linestyle="--",
    label=r"truth $\sin(\pi x)$",
)
ax.plot(
    grid,
    features @ theta_best,
    label=f"epoch {best_epoch} (best)",
)
ax.plot(
    grid, (features @ theta).detach(), label=f"epoch {EPOCHS}"
)
ax.plot(
    train.x,
    train.y,
    "o",
    color="black",
    markersize=4,
    label="training data",
)
ax.set_ylim(-2, 2)
ax.set_xlabel("$x$")
ax.set_ylabel("$y$")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## 2. Early stopping with a validation set and a test set
#
# In the chapter, the held-out set both chose the best epoch and reported its loss. That
# reuse flatters the result a little: the minimum of a noisy curve is biased low. The clean
# protocol splits the held-out data in two. A *validation* set chooses the epoch; a *test*
# set, touched once, reports the loss at that epoch. Here the validation set is small (50
# examples, as it might be in practice), so the bias is visible.

# %%
validation = noisy_sine_sample(50, NOISE, seed=2)
test = noisy_sine_sample(5000, NOISE, seed=3)
phi_validation = legendre_features(validation.x, DEGREE)
phi_test = legendre_features(test.x, DEGREE)

theta = torch.zeros(
    DEGREE + 1, dtype=torch.float64, requires_grad=True
)
optimizer = torch.optim.SGD([theta], lr=safe_learning_rate(phi))
validation_curve, test_curve = [], []
for epoch in range(EPOCHS + 1):
    with torch.no_grad():
        validation_curve.append(
            float(
                (phi_validation @ theta - validation.y)
                .pow(2)
                .mean()
            )
        )
        test_curve.append(
            float((phi_test @ theta - test.y).pow(2).mean())
        )
    if epoch == EPOCHS:
        break
    optimizer.zero_grad()
    (phi @ theta - train.y).pow(2).mean().backward()
    optimizer.step()

chosen = min(
    range(len(validation_curve)), key=validation_curve.__getitem__
)
print(f"epoch chosen on validation: {chosen}")
print(
    f"validation loss there: {validation_curve[chosen]:.4f}  "
    "(used to choose: optimistic)"
)
print(
    f"test loss there:       {test_curve[chosen]:.4f}  "
    "(untouched: honest)"
)
print(f"best test loss at any epoch: {min(test_curve):.4f}")

# %% [markdown]
# ## 3. The same picture with a neural network
#
# A multilayer perceptron with two hidden layers of 64 tanh units has thousands of
# parameters for twenty examples. Plain gradient descent fits it slowly, so we use Adam, the
# usual optimizer for networks, to reach the overfitting phase within a notebook's budget.
# The loop is the same: the optimizer sees the training loss only.

# %%
network = mlp([1, 64, 64, 1], "tanh", seed=0)
print(
    f"{parameter_count(network)} parameters, "
    f"{train.x.numel()} training examples"
)
optimizer = torch.optim.Adam(network.parameters(), lr=0.01)
x_train, x_heldout = train.x.unsqueeze(1), heldout.x.unsqueeze(1)
network_train, network_heldout = [], []
for _ in range(1000):
    loss = (network(x_train).squeeze(1) - train.y).pow(2).mean()
    with torch.no_grad():
        network_heldout.append(
            float(
                (network(x_heldout).squeeze(1) - heldout.y)
                .pow(2)
                .mean()
            )
        )
    network_train.append(float(loss.detach()))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

best_network_epoch = min(
    range(1000), key=network_heldout.__getitem__
)
print(
    f"best epoch {best_network_epoch}: "
    f"held-out {network_heldout[best_network_epoch]:.4f}"
)
print(
    f"last epoch: training {network_train[-1]:.5f}, "
    f"held-out {network_heldout[-1]:.4f}"
)

fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.loglog(range(1, 1001), network_train, label="training loss")
ax.loglog(range(1, 1001), network_heldout, label="held-out loss")
ax.axvline(
    best_network_epoch + 1,
    color="0.5",
    linestyle="--",
    label="best epoch",
)
ax.axhline(
    NOISE**2, color="0.5", linestyle=":", label=r"$\sigma^2$"
)
ax.set_xlabel("epoch")
ax.set_ylabel("mean squared error")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# The network drives its training loss below the noise level $\sigma^2$, here far below;
# with another draw of the data it can end at half of $\sigma^2$. That alone is not the
# symptom (even a well-fitted model with $d$ coefficients has an expected training loss of
# $\sigma^2(1 - d/n)$, below $\sigma^2$); the symptom is the held-out loss, which rises
# after its best epoch while the training loss keeps falling, with Adam's small rises on
# the way.
#
# ## 4. Excess risk of the sample mean, and the best shrinkage
#
# For $y \sim \mathcal{N}(\mu, \sigma^2)$ under squared loss the empirical risk minimizer is
# the sample mean, with expected excess risk $\sigma^2/n$. We measure $n$ times the excess
# risk, which should be $\sigma^2 = 4$ at every $n$.

# %%
MU, SIGMA = 1.0, 2.0
for i, n in enumerate([2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]):
    est = monte_carlo_excess_risk(
        n, MU, SIGMA, trials=2000, seed=i
    )
    print(
        f"n = {n:5}: n * excess risk = {n * est.mean:.3f}"
        f" ± {n * est.standard_error:.3f}"
    )

# %% [markdown]
# The shrunken mean $\bar y/(1+\alpha)$ has its smallest excess risk at
# $\alpha = \sigma^2/(n\mu^2)$. As $n$ grows the best $\alpha$ and the gain over plain
# ERM both vanish: with enough data, regularization has nothing left to trade.

# %%
print("    n  best alpha     ERM  shrunk  measured   gain")
for n in [5, 10, 50, 100, 1000]:
    alpha = SIGMA**2 / (n * MU**2)
    erm = shrinkage_excess_risk(n, MU, SIGMA, 0.0)
    shrunk = shrinkage_excess_risk(n, MU, SIGMA, alpha)
    measured = monte_carlo_excess_risk(
        n, MU, SIGMA, trials=4000, alpha=alpha, seed=n
    ).mean
    gain = 1 - shrunk / erm
    print(
        f"{n:5}  {alpha:10.3f}  {erm:6.4f}  {shrunk:6.4f}"
        f"  {measured:8.4f}  {gain:5.1%}"
    )
