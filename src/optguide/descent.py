"""Gradient descent, the numerical method that every later chapter builds on.

θ_{t+1} = θ_t − η ∇f(θ_t), with the gradient computed by autograd. The whole trajectory is
returned, because the guide is as interested in the path as in where it ends.
"""

from collections.abc import Callable

import torch

from optguide.validation import as_finite_tensor, check_int, check_positive

__all__ = ["gradient", "gradient_descent"]

Objective = Callable[[torch.Tensor], torch.Tensor]


def gradient(f: Objective, theta: torch.Tensor) -> torch.Tensor:
    """Return ∇f(θ) for a scalar-valued ``f``, computed by autograd."""
    point = theta.detach().clone().requires_grad_(True)
    value = f(point)
    if value.numel() != 1:
        raise ValueError(f"f must return a scalar, got shape {tuple(value.shape)}")
    (grad,) = torch.autograd.grad(value.sum(), point)
    return grad


# --8<-- [start:gradient_descent]
def gradient_descent(f: Objective, theta0: object, lr: float, steps: int) -> torch.Tensor:
    """Run ``steps`` iterations of gradient descent on ``f`` from ``theta0``.

    Returns a tensor of shape (steps + 1, *theta0.shape): the start, then every iterate.
    Stops early, with a ValueError, if an iterate stops being finite (the step size is too
    large for this function), since a trajectory of NaNs answers no question.
    """
    lr = check_positive("lr", lr)
    steps = check_int("steps", steps, minimum=1)
    theta = as_finite_tensor("theta0", theta0)
    path = [theta]
    for t in range(steps):
        theta = theta - lr * gradient(f, theta)
        if not bool(torch.isfinite(theta).all()):
            raise ValueError(f"gradient descent diverged at step {t + 1} with lr={lr!r}")
        path.append(theta)
    return torch.stack(path)


# --8<-- [end:gradient_descent]
