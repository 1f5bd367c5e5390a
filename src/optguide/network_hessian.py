"""The exact Hessian of a small network's training loss, and its eigenvalue spectrum.

Random-matrix arguments about saddle points model the Hessian as a GOE matrix, whose
eigenvalues spread over a semicircle symmetric about zero. A real network's loss is not a
random function, so its Hessian need not look like that. With a few hundred parameters the
full Hessian fits in memory and autograd computes it exactly, so we can look.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn
from torch.func import functional_call

from optguide.models import mlp, parameter_count
from optguide.validation import check_int, check_positive

__all__ = ["SpectrumRun", "loss_hessian", "regression_data", "spectrum_experiment"]


def regression_data(n: int = 64, *, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Return n inputs drawn uniformly from [−2, 2]² and targets sin(x₁)·cos(x₂)."""
    n = check_int("n", n)
    seed = check_int("seed", seed, minimum=0)
    generator = torch.Generator().manual_seed(seed)
    x = 4 * torch.rand(n, 2, generator=generator, dtype=torch.float64) - 2
    y = torch.sin(x[:, :1]) * torch.cos(x[:, 1:])
    return x, y


def _check_model_data(model: object, x: object, y: object) -> None:
    """Check that ``model`` is a module and ``x``, ``y`` are tensors of as many rows."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {model!r}")
    rows = []
    for name, value in (("x", x), ("y", y)):
        if not isinstance(value, torch.Tensor) or value.ndim != 2:
            raise TypeError(f"{name} must be a 2-D torch.Tensor, got {value!r}")
        rows.append(value.shape[0])
    if rows[0] != rows[1]:
        raise ValueError(f"x and y must have as many rows, got {rows[0]} and {rows[1]}")


def _symmetric_hessian(
    loss: Callable[[torch.Tensor], torch.Tensor], theta: torch.Tensor
) -> torch.Tensor:
    """Return (H + Hᵀ)/2 for the autograd Hessian H of ``loss`` at ``theta``."""
    matrix: torch.Tensor = torch.autograd.functional.hessian(  # type: ignore[no-untyped-call]
        loss, theta, vectorize=True
    )
    return 0.5 * (matrix + matrix.T)


# --8<-- [start:loss_hessian]
def loss_hessian(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
) -> torch.Tensor:
    """Return the exact Hessian of the mean squared error in the flat θ."""
    _check_model_data(model, x, y)
    named = dict(model.named_parameters())
    sizes = [p.numel() for p in named.values()]
    theta = torch.cat([p.detach().reshape(-1) for p in named.values()])

    def loss(flat: torch.Tensor) -> torch.Tensor:
        pieces = torch.split(flat, sizes)
        params = {
            name: piece.reshape(p.shape)
            for (name, p), piece in zip(named.items(), pieces, strict=True)
        }
        prediction: torch.Tensor = functional_call(model, params, (x,))
        error: torch.Tensor = ((prediction - y) ** 2).mean()
        return error

    return _symmetric_hessian(loss, theta)


# --8<-- [end:loss_hessian]


@dataclass(frozen=True)
class SpectrumRun:
    """Hessian eigenvalues of one network at initialization and after training."""

    parameters: int
    initial_loss: float
    final_loss: float
    initial_gradient_norm: float
    final_gradient_norm: float
    initial_eigenvalues: torch.Tensor
    final_eigenvalues: torch.Tensor
    along_training: tuple[tuple[int, float, int], ...] = ()
    """(step, loss, eigenvalues below −10⁻³ λ_max) at the start, every checkpoint, the end."""
    gradient_norms: tuple[float, ...] = ()
    """The norm of the loss gradient at each point of ``along_training``."""
    gauss_newton_rank: int = 0
    """The rank of the output Jacobian at the end: at most the number of data points."""
    residual_norm: float = 0.0
    """The spectral norm of H − (2/n) JᵀJ at the end, the part weighted by the residuals."""


def _negative_count(eigenvalues: torch.Tensor) -> int:
    """Count the eigenvalues below −10⁻³ times the largest one: clearly negative curvature."""
    return int((eigenvalues < -1e-3 * eigenvalues[-1]).sum())


def _gauss_newton_split(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor, hessian: torch.Tensor
) -> tuple[int, float]:
    """Return the rank of the output Jacobian J and ‖H − (2/n) JᵀJ‖₂."""
    named = dict(model.named_parameters())
    sizes = [p.numel() for p in named.values()]
    theta = torch.cat([p.detach().reshape(-1) for p in named.values()])

    def outputs(flat: torch.Tensor) -> torch.Tensor:
        pieces = torch.split(flat, sizes)
        params = {
            name: piece.reshape(p.shape)
            for (name, p), piece in zip(named.items(), pieces, strict=True)
        }
        prediction: torch.Tensor = functional_call(model, params, (x,))
        return prediction.reshape(-1)

    jacobian: torch.Tensor = torch.func.jacrev(outputs)(theta)
    singular = torch.linalg.svdvals(jacobian)
    rank = int((singular > 1e-10 * singular[0]).sum())
    gauss_newton = 2 * jacobian.T @ jacobian / x.shape[0]
    return rank, float(torch.linalg.matrix_norm(hessian - gauss_newton, 2))


def _loss_and_gradient_norm(
    model: nn.Module, x: torch.Tensor, y: torch.Tensor
) -> tuple[float, float]:
    """Return the mean squared error of ``model`` and the norm of its parameter gradient."""
    model.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    norm = torch.cat([p.grad.reshape(-1) for p in model.parameters() if p.grad is not None]).norm()
    model.zero_grad()
    return float(loss.detach()), float(norm)


def spectrum_experiment(
    sizes: tuple[int, ...] = (2, 16, 16, 1),
    *,
    steps: int = 1000,
    lr: float = 0.02,
    seed: int = 0,
    checkpoints: tuple[int, ...] = (10, 30, 50, 100, 200, 300, 600),
) -> SpectrumRun:
    """Train a tanh MLP on ``regression_data`` with Adam; return both Hessian spectra.

    Training runs for a fixed budget of ``steps`` full-batch Adam steps, not to a stopping
    rule: the second spectrum is taken wherever the budget ends. Adam's loss does not fall
    monotonically, so that point can sit in a loss spike, far from a critical point; check
    ``final_gradient_norm`` and ``final_loss``. At each step in ``checkpoints`` the Hessian
    is computed too, to record how many of its eigenvalues are clearly negative.
    """
    if not isinstance(sizes, tuple) or not all(isinstance(s, int) for s in sizes):
        raise TypeError(f"sizes must be a tuple of integers, got {sizes!r}")
    if not isinstance(checkpoints, tuple):
        raise TypeError(f"checkpoints must be a tuple of integers, got {checkpoints!r}")
    for step in checkpoints:
        check_int("checkpoints", step)
    steps = check_int("steps", steps)
    lr = check_positive("lr", lr)
    seed = check_int("seed", seed, minimum=0)
    model = mlp(list(sizes), "tanh", seed=seed)
    x, y = regression_data(seed=seed)
    initial = torch.linalg.eigvalsh(loss_hessian(model, x, y))
    initial_loss, initial_norm = _loss_and_gradient_norm(model, x, y)
    along = [(0, initial_loss, _negative_count(initial))]
    norms = [initial_norm]
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for step in range(steps):
        if step in checkpoints and step > 0:
            values = torch.linalg.eigvalsh(loss_hessian(model, x, y))
            loss_now, norm_now = _loss_and_gradient_norm(model, x, y)
            along.append((step, loss_now, _negative_count(values)))
            norms.append(norm_now)
        optimizer.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        optimizer.step()
    final_loss, final_norm = _loss_and_gradient_norm(model, x, y)
    if not math.isfinite(final_loss):
        raise ValueError(f"training diverged with lr={lr!r}")
    final_hessian = loss_hessian(model, x, y)
    final = torch.linalg.eigvalsh(final_hessian)
    along.append((steps, final_loss, _negative_count(final)))
    norms.append(final_norm)
    rank, residual = _gauss_newton_split(model, x, y, final_hessian)
    return SpectrumRun(
        parameters=parameter_count(model),
        initial_loss=initial_loss,
        final_loss=final_loss,
        initial_gradient_norm=initial_norm,
        final_gradient_norm=final_norm,
        initial_eigenvalues=initial,
        final_eigenvalues=final,
        along_training=tuple(along),
        gradient_norms=tuple(norms),
        gauss_newton_rank=rank,
        residual_norm=residual,
    )
