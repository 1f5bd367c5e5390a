"""Numerical solutions: guess, improve, and stop when the answer is good enough.

``minimize`` runs gradient descent θ_{t+1} = θ_t − η ∇f(θ_t) until one of three stopping
rules fires, and returns a result that says which one did. Divergence is not a stopping rule:
when the loss stops being finite or grows far above where it started, ``minimize`` raises
``DivergenceError`` instead of handing back a number that looks like an answer.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import NoReturn

import torch

from optguide.descent import gradient
from optguide.validation import as_finite_tensor, check_int, check_positive

__all__ = [
    "STOP_REASONS",
    "DivergenceError",
    "Gradient",
    "IterativeResult",
    "Objective",
    "check_tolerance",
    "minimize",
]

Objective = Callable[[torch.Tensor], torch.Tensor]
Gradient = Callable[[torch.Tensor], torch.Tensor]

STOP_REASONS = ("gradient norm", "relative change", "iteration budget")


@dataclass(frozen=True)
class IterativeResult:
    """What an iterative solver returns: where it stopped, after how many steps, and why.

    ``path`` holds θ_0, …, θ_T (shape (T + 1, d)) and ``losses`` the value of f at each.
    ``reason`` is one of ``STOP_REASONS``; only the first two mean the solver converged.
    """

    theta: torch.Tensor
    iterations: int
    reason: str
    grad_norm: float
    path: torch.Tensor
    losses: torch.Tensor

    @property
    def converged(self) -> bool:
        """True if a tolerance was met, False if the iteration budget ran out first."""
        return self.reason != "iteration budget"


class DivergenceError(ValueError):
    """Raised when the iterates of a solver blow up; carries the path up to that point."""

    def __init__(self, message: str, *, step: int, lr: float, path: torch.Tensor) -> None:
        super().__init__(message)
        self.step = step
        self.lr = lr
        self.path = path


def check_tolerance(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number >= 0 (0 switches a rule off)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return number


def _loss(f: Objective, theta: torch.Tensor) -> float:
    """Return f(θ) as a Python float, without building a graph."""
    with torch.no_grad():
        return float(f(theta))


def _first_loss(f: Objective, theta: torch.Tensor) -> float:
    """Return f(θ_0), turning a shape mismatch deep inside f into an error about theta0."""
    try:
        value = _loss(f, theta)
    except (RuntimeError, ValueError, TypeError) as error:
        raise ValueError(
            f"f could not be evaluated at theta0 of shape {tuple(theta.shape)}: {error}"
        ) from error
    if not math.isfinite(value):
        raise ValueError(f"f(theta0) must be finite, got {value!r}")
    return value


@dataclass(frozen=True)
class _Settings:
    """The checked arguments of ``minimize``."""

    theta: torch.Tensor
    lr: float
    grad_tol: float
    rel_tol: float
    max_iter: int
    blowup: float


def _check_minimize(
    f: object,
    grad: object,
    theta0: object,
    lr: object,
    grad_tol: object,
    rel_tol: object,
    max_iter: object,
    blowup: object,
    dtype: torch.dtype,
) -> _Settings:
    """Return the arguments of ``minimize`` checked; raise naming the first bad one."""
    if not callable(f):
        raise TypeError(f"f must be callable, got {f!r}")
    if grad is not None and not callable(grad):
        raise TypeError(f"grad must be callable or None, got {grad!r}")
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating-point torch.dtype, got {dtype!r}")
    return _Settings(
        lr=check_positive("lr", lr),
        grad_tol=check_tolerance("grad_tol", grad_tol),
        rel_tol=check_tolerance("rel_tol", rel_tol),
        max_iter=check_int("max_iter", max_iter, minimum=1),
        blowup=check_positive("blowup", blowup),
        theta=as_finite_tensor("theta0", theta0, dtype=dtype),
    )


def _diverged(t: int, lr: float, loss0: float, loss: float, path: list[torch.Tensor]) -> NoReturn:
    """Raise DivergenceError for step t, with a message short enough to print whole."""
    raise DivergenceError(
        f"diverged at step {t} with lr={lr:.4g}: loss {loss0:.3g} -> {loss:.3g}",
        step=t,
        lr=lr,
        path=torch.stack(path),
    )


def minimize(
    f: Objective,
    theta0: object,
    lr: float,
    *,
    grad: Gradient | None = None,
    grad_tol: float = 1e-8,
    rel_tol: float = 0.0,
    max_iter: int = 10_000,
    blowup: float = 1e6,
    dtype: torch.dtype = torch.float64,
) -> IterativeResult:
    """Run gradient descent on ``f`` from ``theta0`` until a stopping rule fires.

    Rules, checked in this order at every iteration t:
      gradient norm     ‖∇f(θ_t)‖ <= grad_tol
      relative change   ‖θ_{t+1} − θ_t‖ <= rel_tol·‖θ_{t+1}‖ (rel_tol = 0: only when
                        rounding swallows the update)
      iteration budget  t = max_iter
    ``grad`` computes ∇f (default: autograd). Raises DivergenceError if f(θ_t) is not finite
    or exceeds ``blowup`` times |f(θ_0)|.
    """
    s = _check_minimize(f, grad, theta0, lr, grad_tol, rel_tol, max_iter, blowup, dtype)
    return _descend(f, s, grad if grad is not None else partial(gradient, f), dtype)


# --8<-- [start:minimize]
def _descend(
    f: Objective,
    s: _Settings,
    grad: Gradient,
    dtype: torch.dtype,
) -> IterativeResult:
    """Gradient descent with three stopping rules (arguments checked)."""
    theta, norm = s.theta, torch.linalg.vector_norm
    loss0 = _first_loss(f, theta)
    limit = s.blowup * max(abs(loss0), torch.finfo(dtype).tiny)
    path, losses, reason = [theta], [loss0], "iteration budget"
    for t in range(s.max_iter):
        g = grad(theta)
        if float(norm(g)) <= s.grad_tol:
            reason = "gradient norm"
            break
        new_theta = theta - s.lr * g
        loss = _loss(f, new_theta)
        path.append(new_theta)
        losses.append(loss)
        if not math.isfinite(loss) or loss > limit:
            _diverged(t + 1, s.lr, loss0, loss, path)
        change = float(norm(new_theta - theta))
        theta = new_theta
        if change <= s.rel_tol * float(norm(theta)):
            reason = "relative change"
            break
    return IterativeResult(
        theta=theta,
        iterations=len(path) - 1,
        reason=reason,
        grad_norm=float(norm(grad(theta))),
        path=torch.stack(path),
        losses=torch.tensor(losses, dtype=torch.float64),
    )


# --8<-- [end:minimize]
