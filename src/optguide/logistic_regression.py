"""Logistic regression: the simplest learning problem with no closed-form solution.

With labels y_i in {0, 1} and p_i = sigmoid(x_iᵀw), the empirical risk is the mean
cross-entropy

    R̂_n(w) = (1/n) Σ_i [log(1 + exp(x_iᵀw)) − y_i x_iᵀw],

and its gradient is Xᵀ(sigmoid(Xw) − y)/n. Setting that to zero asks for w with
Σ_i sigmoid(x_iᵀw) x_i = Σ_i y_i x_i: the unknown sits inside the sigmoid, and no finite
formula isolates it. The risk is convex, so an iterative method finds the minimizer, when
there is one; if the classes can be separated by a hyperplane there is none, since scaling
w up keeps lowering the risk.
"""

from dataclasses import dataclass

import torch
from torch import Tensor
from torch.nn.functional import softplus

from optguide.validation import as_samples, check_int, check_positive

__all__ = ["Classification", "check_labels", "logistic_risk", "make_classification"]


@dataclass(frozen=True)
class Classification:
    """A binary classification problem: ``X`` (n, d) with an intercept column, ``y`` (n,)."""

    X: torch.Tensor
    y: torch.Tensor


def make_classification(
    n: int = 200, d: int = 3, separation: float = 1.0, *, seed: int = 0
) -> Classification:
    """Return two overlapping Gaussian classes, seeded; the first column of X is all ones.

    Class 1 is shifted by ``separation`` along every feature. The classes overlap, so the
    logistic risk has a finite minimizer.
    """
    n = check_int("n", n, minimum=2)
    d = check_int("d", d, minimum=2)
    separation = check_positive("separation", separation)
    check_int("seed", seed, minimum=0)
    generator = torch.Generator().manual_seed(seed)
    y = (torch.arange(n) % 2).to(torch.float64)
    features = torch.randn(n, d - 1, generator=generator, dtype=torch.float64)
    features = features + separation * y.unsqueeze(1)
    X = torch.cat([torch.ones(n, 1, dtype=torch.float64), features], dim=1)
    return Classification(X=X, y=y)


# --8<-- [start:logistic_risk]
def logistic_risk(X: Tensor, y: Tensor, w: Tensor) -> Tensor:
    """Return the mean cross-entropy log(1 + e^z) − yz, z = Xw, stably."""
    logits = X @ w
    return (softplus(logits) - y * logits).mean()


# --8<-- [end:logistic_risk]


def check_labels(X: object, y: object) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``X`` (n, d) and ``y`` (n,) as finite float64 tensors, with labels in {0, 1}."""
    X_t, y_t = as_samples(X, y)
    if not bool(((y_t == 0) | (y_t == 1)).all()):
        raise ValueError(
            f"y must hold labels 0 and 1 only, got values {sorted(set(y_t.tolist()))}"
        )
    return X_t, y_t
