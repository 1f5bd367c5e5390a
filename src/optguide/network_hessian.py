"""The exact Hessian of a small network's training loss, and its eigenvalue spectrum.

Random-matrix arguments about saddle points model the Hessian as a GOE matrix, whose
eigenvalues spread over a semicircle symmetric about zero. A real network's loss is not a
random function, so its Hessian need not look like that. With a few hundred parameters the
full Hessian fits in memory and autograd computes it exactly, so we can look.
"""

import math
from dataclasses import dataclass

import torch
from torch import nn
from torch.func import functional_call

from optguide.models import mlp, parameter_count
from optguide.validation import check_int, check_positive, check_seed, check_sequence

__all__ = ["SpectrumRun", "loss_hessian", "regression_data", "spectrum_experiment"]


def regression_data(n: int = 64, *, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Return n inputs drawn uniformly from [−2, 2]² and targets sin(x₁)·cos(x₂)."""
    n = check_int("n", n)
    seed = check_int("seed", seed, minimum=0)
    generator = torch.Generator().manual_seed(seed)
    x = 4 * torch.rand(n, 2, generator=generator, dtype=torch.float64) - 2
    y = torch.sin(x[:, :1]) * torch.cos(x[:, 1:])
    return x, y


# --8<-- [start:loss_hessian]
def loss_hessian(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return the exact Hessian of the mean squared error with respect to all parameters.

    The parameters are flattened into one vector θ of length d, the loss is written as a
    function of θ alone, and autograd differentiates it twice: a d × d matrix.
    """
    names = [name for name, _ in model.named_parameters()]
    shapes = [p.shape for _, p in model.named_parameters()]
    sizes = [p.numel() for _, p in model.named_parameters()]
    theta = torch.cat([p.detach().reshape(-1) for p in model.parameters()])

    def loss(flat: torch.Tensor) -> torch.Tensor:
        pieces = torch.split(flat, sizes)
        params = {n: p.reshape(s) for n, p, s in zip(names, pieces, shapes, strict=True)}
        prediction: torch.Tensor = functional_call(model, params, (x,))
        return ((prediction - y) ** 2).mean()

    matrix: torch.Tensor = torch.autograd.functional.hessian(  # type: ignore[no-untyped-call]
        loss, theta, vectorize=True
    )
    return 0.5 * (matrix + matrix.T)


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
    sizes: tuple[int, ...] = (2, 16, 16, 1), *, steps: int = 1000, lr: float = 0.02, seed: int = 0
) -> SpectrumRun:
    """Train a tanh MLP on ``regression_data`` with Adam; return both Hessian spectra.

    Full-batch Adam for ``steps`` steps is enough to fit this small problem well, so the
    second spectrum is taken near a minimizer of the training loss rather than at a saddle.
    """
    steps = check_int("steps", steps)
    lr = check_positive("lr", lr)
    sizes = check_sequence("sizes", sizes, check_int)  # type: ignore[assignment]
    seed = check_seed("seed", seed)
    model = mlp(list(sizes), "tanh", seed=seed)
    x, y = regression_data(seed=seed)
    initial = torch.linalg.eigvalsh(loss_hessian(model, x, y))
    initial_loss, initial_norm = _loss_and_gradient_norm(model, x, y)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        optimizer.step()
    final_loss, final_norm = _loss_and_gradient_norm(model, x, y)
    if not math.isfinite(final_loss):
        raise ValueError(f"training diverged with lr={lr!r}")
    final = torch.linalg.eigvalsh(loss_hessian(model, x, y))
    return SpectrumRun(
        parameters=parameter_count(model),
        initial_loss=initial_loss,
        final_loss=final_loss,
        initial_gradient_norm=initial_norm,
        final_gradient_norm=final_norm,
        initial_eigenvalues=initial,
        final_eigenvalues=final,
    )
