"""Exact risks of the polynomial problem: where ERM lands, and what early stopping buys.

The goals chapter fits polynomials in the Legendre basis to noisy samples of sin(πx), x
uniform on [−1, 1]. Its risk is known in closed form. For the coefficients θ of a polynomial
f_θ = Σ_j θ_j P_j, and noise variance σ²,

    R(θ) = σ² + ½ ∫ (f_θ(x) − sin πx)² dx = σ² + A_D + Σ_j (θ_j − a_j)² / (2j + 1),

where a_j are the Legendre coefficients of sin(πx) (the best polynomial of degree D keeps
a_0, ..., a_D) and A_D = ½ − Σ_{j≤D} a_j² / (2j + 1) is what no polynomial of degree D can
fit. With R exact, no held-out noise blurs the three parts of the excess risk (Bottou and
Bousquet, 2008): approximation (the class), estimation (the sample) and optimization (the
algorithm).

Gradient descent on a least-squares loss is linear in the data, so its iterate after t steps
has a closed form in the eigenbasis of the Hessian; ``descent_path`` evaluates it at any t,
1e10 included, which the loop of ``generalization.fit_polynomial`` could never reach.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import torch

from optguide.generalization import (
    HELDOUT_SIZE,
    Sample,
    legendre_features,
    noisy_sine_sample,
    safe_learning_rate,
)
from optguide.validation import as_finite_tensor, as_samples, check_int, check_positive

__all__ = [
    "Decomposition",
    "DoubleDescent",
    "decompose",
    "decompose_one",
    "descent_path",
    "double_descent",
    "effective_degrees_of_freedom",
    "least_squares_fit",
    "minimum_norm_fit",
    "polynomial_risk",
    "sine_coefficients",
]

TAIL = 60
"""How many Legendre coefficients of sin(πx) beyond a polynomial's degree the risk sums."""

QUADRATURE_NODES = 200
"""Gauss–Legendre nodes: exact for polynomials of degree < 400, and sin(πx) is a polynomial
of degree 40 to within 1e-17 on [−1, 1], so a_j is exact to rounding for j < MAX_COEFFICIENTS."""

MAX_COEFFICIENTS = 320


@cache
def _sine_coefficients() -> torch.Tensor:
    nodes, weights = np.polynomial.legendre.leggauss(QUADRATURE_NODES)
    x = torch.from_numpy(nodes)
    basis = legendre_features(x, MAX_COEFFICIENTS - 1)
    values = (torch.from_numpy(weights) * torch.sin(math.pi * x)) @ basis
    k = torch.arange(MAX_COEFFICIENTS, dtype=torch.float64)
    return (2 * k + 1) / 2 * values


def sine_coefficients(degree: int) -> torch.Tensor:
    """Return a_0, ..., a_degree, the Legendre coefficients of sin(πx) on [−1, 1].

    a_j = (2j + 1)/2 ∫ sin(πx) P_j(x) dx, by Gauss–Legendre quadrature. The polynomial
    with these coefficients is the best one of its degree: it minimizes the risk.
    """
    degree = check_int("degree", degree, minimum=0)
    if degree >= MAX_COEFFICIENTS:
        raise ValueError(f"degree must be < {MAX_COEFFICIENTS}, got {degree!r}")
    return _sine_coefficients()[: degree + 1].clone()


def _check_theta(theta: object) -> torch.Tensor:
    return as_finite_tensor("theta", theta, ndim=1)


# --8<-- [start:risk]
def polynomial_risk(theta: torch.Tensor, noise: float) -> float:
    """Return the exact risk R(θ) of Σ_j θ_j P_j, noise variance noise²."""
    theta, noise = _check_theta(theta), check_positive("noise", noise)
    d = theta.shape[0]  # d coefficients: degree D = d − 1
    a = sine_coefficients(d + TAIL)  # a_j for j > d + TAIL are below 1e-30
    norms = 1.0 / (2.0 * torch.arange(d + TAIL + 1, dtype=torch.float64) + 1)
    unfit = float((norms * a**2)[d:].sum())  # A_D: what degree D misses
    misfit = float((norms[:d] * (theta - a[:d]) ** 2).sum())
    return noise**2 + unfit + misfit


# --8<-- [end:risk]


def _check_fit(sample: object, degree: object) -> int:
    if not isinstance(sample, Sample):
        raise TypeError(f"sample must be a Sample, got {sample!r}")
    return check_int("degree", degree, minimum=0)


def least_squares_fit(sample: Sample, degree: int) -> torch.Tensor:
    """Return the exact empirical risk minimizer of degree ``degree``: least squares.

    The SVD-based solver returns the minimum-norm minimizer when there are more
    coefficients than examples, so the same call serves both sides of d = n.
    """
    degree = _check_fit(sample, degree)
    phi = legendre_features(sample.x, degree)
    solution = torch.linalg.lstsq(phi, sample.y.unsqueeze(1), driver="gelsd").solution
    result: torch.Tensor = solution.squeeze(1)
    return result


def minimum_norm_fit(sample: Sample, features: int) -> torch.Tensor:
    """Return the minimum-norm least-squares fit with ``features`` Legendre polynomials.

    With d = ``features`` > n, infinitely many polynomials pass through the n points;
    this is the one with the smallest ‖θ‖, the limit of gradient descent from θ = 0.
    """
    features = check_int("features", features, minimum=1)
    return least_squares_fit(sample, features - 1)


def _check_path(features: object, targets: object, epochs: object) -> torch.Tensor:
    as_samples(features, targets, names=("features", "targets"))
    steps = as_finite_tensor("epochs", epochs, ndim=1)
    if bool((steps < 0).any()):
        raise ValueError(f"epochs must be >= 0, got {epochs!r}")
    return steps


def descent_path(
    features: torch.Tensor, targets: torch.Tensor, epochs: Sequence[float] | torch.Tensor
) -> torch.Tensor:
    """Return the gradient-descent iterates θ_t at each t of ``epochs``, shape (len, d).

    Gradient descent from θ = 0 on R̂_n(θ) = (1/n)‖Φθ − y‖², with η = 1/λ_max as in
    ``fit_polynomial``, removes along each eigenvector v_i of the Hessian H a fraction
    s_i(t) = 1 − (1 − ηλ_i)^t of the distance to the minimizer:
    θ_t = Σ_i s_i(t)/λ_i · (v_iᵀ b) v_i with b = (2/n)Φᵀy. (For λ_i = 0, s_i/λ_i = ηt.)
    """
    steps = _check_path(features, targets, epochs)
    phi, y = features.to(torch.float64), targets.to(torch.float64)
    n = phi.shape[0]
    curvatures, vectors = torch.linalg.eigh(2.0 / n * phi.T @ phi)
    lr = safe_learning_rate(phi)
    b = vectors.T @ (2.0 / n * phi.T @ y)
    curvatures = curvatures.clamp(min=0.0)
    rate = torch.log1p(-(lr * curvatures).clamp(max=1.0))  # log(1 − ηλ), −inf at λ_max
    t = steps.unsqueeze(1)
    exponent = torch.where(t == 0, torch.zeros_like(t * rate), t * rate)
    tiny = curvatures <= 1e-300
    factor = torch.where(tiny, lr * t, -torch.expm1(exponent) / curvatures.where(~tiny, 1.0))
    path: torch.Tensor = (factor * b) @ vectors.T
    return path


def effective_degrees_of_freedom(
    features: torch.Tensor, epochs: Sequence[float] | torch.Tensor
) -> torch.Tensor:
    """Return Σ_i (1 − (1 − ηλ_i)^t) at each t: the trace of the descent's smoother.

    Ridge regression's degrees of freedom are the sum of its shrinkage factors λ/(λ + α)
    (Hastie et al., 2009, section 3.4.1); these are gradient descent's factors after t steps.
    Zero at t = 0, the rank of the features as t → ∞.
    """
    phi = as_finite_tensor("features", features, ndim=2)
    steps = as_finite_tensor("epochs", epochs, ndim=1)
    if bool((steps < 0).any()):
        raise ValueError(f"epochs must be >= 0, got {epochs!r}")
    curvatures = torch.linalg.eigvalsh(2.0 / phi.shape[0] * phi.T @ phi).clamp(min=0.0)
    lr = safe_learning_rate(phi)
    rate = torch.log1p(-(lr * curvatures).clamp(max=1.0))
    t = steps.unsqueeze(1)
    exponent = torch.where(t == 0, torch.zeros_like(t * rate), t * rate)
    return (-torch.expm1(exponent)).sum(dim=1)


@dataclass(frozen=True)
class Decomposition:
    """The three parts of the excess risk, per degree (rows) and training set (columns).

    ``approximation`` R(θ*_d) − σ² (one per degree: no sample involved); ``estimation``
    R(θ̂) − R(θ*_d) of the exact ERM θ̂; ``optimization`` R(θ_stop) − R(θ̂) of gradient
    descent stopped at the epoch of lowest held-out loss; ``stopped_at`` that epoch.
    """

    degrees: list[int]
    approximation: torch.Tensor
    estimation: torch.Tensor
    optimization: torch.Tensor
    stopped_at: torch.Tensor


def _heldout_losses(path: torch.Tensor, heldout: Sample, degree: int) -> torch.Tensor:
    """Return the held-out mean squared error of every row θ of ``path``.

    As a quadratic form, θᵀGθ − 2θᵀh + mean(y²): (E, p) work instead of (E, m).
    """
    phi = legendre_features(heldout.x, degree)
    m = phi.shape[0]
    gram, cross = phi.T @ phi / m, phi.T @ heldout.y / m
    quadratic = ((path @ gram) * path).sum(dim=1)
    return quadratic - 2 * path @ cross + heldout.y.pow(2).mean()


# --8<-- [start:decompose]
def decompose_one(
    train: Sample, heldout: Sample, degree: int, noise: float, epochs: int
) -> tuple[float, float, float, int]:
    """Split R(θ_stop) − σ² into approximation, estimation and optimization."""
    epochs = _check_decompose_one(train, heldout, degree, noise, epochs)
    best_in_class = polynomial_risk(sine_coefficients(degree), noise)
    erm = polynomial_risk(least_squares_fit(train, degree), noise)
    phi = legendre_features(train.x, degree)
    path = descent_path(phi, train.y, torch.arange(epochs + 1.0))
    heldout_loss = _heldout_losses(path, heldout, degree)
    stop = int(heldout_loss.argmin())  # early stopping on held-out data
    stopped = polynomial_risk(path[stop], noise)
    return (
        best_in_class - noise**2,  # approximation: the class
        erm - best_in_class,  # estimation: the sample
        stopped - erm,  # optimization: the algorithm
        stop,
    )


# --8<-- [end:decompose]


def _check_decompose_one(
    train: object, heldout: object, degree: object, noise: object, epochs: object
) -> int:
    _check_fit(train, degree)
    if not isinstance(heldout, Sample):
        raise TypeError(f"heldout must be a Sample, got {heldout!r}")
    check_positive("noise", noise)
    return check_int("epochs", epochs, minimum=1)


def decompose(
    degrees: Sequence[int],
    n: int = 20,
    noise: float = 0.3,
    repeats: int = 20,
    epochs: int = 5000,
) -> Decomposition:
    """Decompose the excess risk for each degree on ``repeats`` training sets of n.

    Training set r is drawn from seed 100·r, as in ``capacity_sweep``; the held-out set
    that picks the stopping epoch is the chapter's (seed 1).
    """
    if isinstance(degrees, str | bytes) or not isinstance(degrees, Sequence) or not degrees:
        raise TypeError(f"degrees must be a non-empty sequence of integers, got {degrees!r}")
    degrees = [check_int("degrees[i]", d, minimum=0) for d in degrees]
    repeats = check_int("repeats", repeats, minimum=1)
    heldout = noisy_sine_sample(HELDOUT_SIZE, noise, 1)
    samples = [noisy_sine_sample(n, noise, 100 * r) for r in range(repeats)]
    parts = torch.tensor(
        [
            [decompose_one(sample, heldout, d, noise, epochs) for sample in samples]
            for d in degrees
        ],
        dtype=torch.float64,
    )
    return Decomposition(
        degrees=degrees,
        approximation=parts[:, 0, 0],
        estimation=parts[:, :, 1],
        optimization=parts[:, :, 2],
        stopped_at=parts[:, :, 3].long(),
    )


@dataclass(frozen=True)
class DoubleDescent:
    """Exact risks of the minimum-norm fit, per number of features (rows) and data set."""

    features: list[int]
    n: int
    risks: torch.Tensor

    def median(self) -> torch.Tensor:
        """Return the median risk over the data sets, one per number of features."""
        return self.risks.median(dim=1).values


def double_descent(
    features: Sequence[int], n: int = 20, noise: float = 0.3, repeats: int = 20
) -> DoubleDescent:
    """Fit the minimum-norm polynomial with each number of features on each data set."""
    if isinstance(features, str | bytes) or not isinstance(features, Sequence) or not features:
        raise TypeError(f"features must be a non-empty sequence of integers, got {features!r}")
    counts = [check_int("features[i]", p, minimum=1) for p in features]
    repeats = check_int("repeats", repeats, minimum=1)
    samples = [noisy_sine_sample(n, noise, 100 * r) for r in range(repeats)]
    risks = torch.tensor(
        [[polynomial_risk(minimum_norm_fit(s, p), noise) for s in samples] for p in counts],
        dtype=torch.float64,
    )
    return DoubleDescent(counts, check_int("n", n, minimum=1), risks)
