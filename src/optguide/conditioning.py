"""Gradient descent as a numerical method for gradient flow, and what conditioning costs it.

Gradient flow is the differential equation dθ/dt = −∇f(θ). Its explicit Euler step with step
size η is θ_{t+1} = θ_t − η∇f(θ_t): gradient descent. On a quadratic f(θ) = θᵀAθ / 2 the flow
is solved exactly by θ(t) = exp(−At) θ_0, so the two can be compared point by point.

On the same quadratic the error of gradient descent along the eigenvector of eigenvalue λ is
multiplied by (1 − ηλ) at every step. The step η = 2 / (λ_min + λ_max) makes the largest of
these factors as small as it can be, (κ − 1) / (κ + 1) with κ = λ_max / λ_min, so the number
of iterations to reach a tolerance grows in proportion to κ.
"""

import math

import torch

from optguide.validation import as_finite_tensor, check_int, check_positive

__all__ = [
    "cg_iterations",
    "contraction_rate",
    "descent_iterations",
    "euler_path",
    "flow_path",
    "heavy_ball_iterations",
    "heavy_ball_parameters",
    "implicit_euler_path",
    "iterations_to_tolerance",
    "optimal_step",
    "predicted_iterations",
    "quadratic",
    "spread_spectrum",
]


def quadratic(kappa: float, angle: float = 0.0) -> torch.Tensor:
    """Return the 2×2 symmetric matrix with eigenvalues 1 and ``kappa``, rotated by ``angle``.

    The eigenvector of eigenvalue ``kappa`` (the steep direction) makes the angle ``angle``
    (radians) with the first axis; f(θ) = θᵀAθ / 2 then has condition number κ = ``kappa``.
    """
    kappa = _check_kappa(kappa)
    if isinstance(angle, bool) or not isinstance(angle, int | float) or not math.isfinite(angle):
        raise ValueError(f"angle must be a finite number, got {angle!r}")
    c, s = math.cos(angle), math.sin(angle)
    rotation = torch.tensor([[c, -s], [s, c]], dtype=torch.float64)
    return rotation @ torch.diag(torch.tensor([kappa, 1.0], dtype=torch.float64)) @ rotation.T


def _check_matrix(A: object) -> torch.Tensor:
    """Return ``A`` as a finite, square, symmetric float64 matrix."""
    matrix = as_finite_tensor("A", A, ndim=2)
    if matrix.shape[0] != matrix.shape[1] or not torch.allclose(matrix, matrix.T):
        raise ValueError(f"A must be a symmetric square matrix, got {matrix.tolist()!r}")
    return matrix


def _check_definite(A: object) -> torch.Tensor:
    """Return ``A`` checked as symmetric, and positive definite."""
    matrix = _check_matrix(A)
    eigenvalues = torch.linalg.eigvalsh(matrix)
    if eigenvalues[0] <= 0:
        raise ValueError(f"A must be positive definite, got eigenvalues {eigenvalues.tolist()}")
    return matrix


def _check_tol(tol: object) -> float:
    """Return ``tol`` as a float in (0, 1)."""
    value = check_positive("tol", tol)
    if value >= 1:
        raise ValueError(f"tol must be < 1, got {tol!r}")
    return value


def _check_start(A: torch.Tensor, theta0: object) -> torch.Tensor:
    """Return ``theta0`` as a finite vector with as many entries as ``A`` has rows."""
    theta = as_finite_tensor("theta0", theta0, ndim=1)
    if theta.shape[0] != A.shape[0]:
        raise ValueError(
            f"theta0 must have {A.shape[0]} entries to match A, got shape {tuple(theta.shape)}"
        )
    return theta


def _check_kappa(kappa: object) -> float:
    """Return ``kappa`` as a float if it is a finite number >= 1."""
    value = check_positive("kappa", kappa)
    if value < 1:
        raise ValueError(f"kappa must be >= 1, got {kappa!r}")
    return value


def _check_path(
    A: object, theta0: object, name: str, value: object, count: str, number: object
) -> tuple[torch.Tensor, torch.Tensor, float, int]:
    """Check a flow or Euler call: A, theta0, a positive ``name`` and an int ``count``."""
    matrix = _check_matrix(A)
    minimum = 2 if count == "num" else 1
    return (
        matrix,
        _check_start(matrix, theta0),
        check_positive(name, value),
        check_int(count, number, minimum=minimum),
    )


def _check_run(
    A: object, theta0: object, lr: object, tol: object, max_iter: object
) -> tuple[torch.Tensor, torch.Tensor, float, float, int]:
    """Check the arguments of ``iterations_to_tolerance`` and its accelerated kin."""
    matrix = _check_matrix(A)
    tol = _check_tol(tol)
    return (
        matrix,
        _check_start(matrix, theta0),
        check_positive("lr", lr),
        tol,
        check_int("max_iter", max_iter, minimum=1),
    )


# --8<-- [start:flow]
def flow_path(
    A: object,
    theta0: object,
    t_end: float,
    num: int = 200,
) -> torch.Tensor:
    """Return θ(s) = exp(−As) θ_0 at ``num`` times s in [0, t_end]."""
    M, theta, t_end, num = _check_path(A, theta0, "t_end", t_end, "num", num)
    times = torch.linspace(0.0, t_end, num, dtype=torch.float64)
    exact = [torch.linalg.matrix_exp(-s * M) @ theta for s in times]
    return torch.stack(exact)


def euler_path(
    A: object,
    theta0: object,
    lr: float,
    steps: int,
) -> torch.Tensor:
    """Return the explicit Euler steps θ ← θ − η Aθ: gradient descent."""
    M, theta, lr, steps = _check_path(A, theta0, "lr", lr, "steps", steps)
    path = [theta]
    for _ in range(steps):
        theta = theta - lr * (M @ theta)
        path.append(theta)
    return torch.stack(path)


# --8<-- [end:flow]


# --8<-- [start:rate]
def optimal_step(A: object) -> float:
    """Return η = 2 / (λ_min + λ_max), which minimizes max_i |1 − ηλ_i|."""
    eigenvalues = torch.linalg.eigvalsh(_check_definite(A))
    return 2.0 / float(eigenvalues[0] + eigenvalues[-1])


def contraction_rate(kappa: float) -> float:
    """Return (κ − 1) / (κ + 1), the error factor of the optimal step."""
    kappa = _check_kappa(kappa)
    return (kappa - 1.0) / (kappa + 1.0)


def predicted_iterations(kappa: float, tol: float) -> int:
    """Return the smallest N >= 1 with ((κ − 1)/(κ + 1))^N <= tol."""
    rate = contraction_rate(kappa)
    tol = _check_tol(tol)
    if rate == 0:  # κ = 1: one step of size 1/λ lands on the minimizer
        return 1
    return math.ceil(math.log(tol) / math.log(rate) - 1e-9)


def iterations_to_tolerance(
    A: object,
    theta0: object,
    lr: float,
    tol: float,
    max_iter: int = 1_000_000,
) -> int:
    """Count gradient steps on θᵀAθ/2 until ‖θ_t‖ <= tol·‖θ_0‖."""
    M, theta, lr, tol, max_iter = _check_run(A, theta0, lr, tol, max_iter)
    target = tol * float(torch.linalg.vector_norm(theta))
    step = torch.eye(M.shape[0], dtype=torch.float64) - lr * M
    for t in range(max_iter + 1):
        if float(torch.linalg.vector_norm(theta)) <= target:
            return t
        theta = step @ theta
    raise ValueError(f"tol={tol!r} not reached in max_iter={max_iter} steps")


# --8<-- [end:rate]


def spread_spectrum(kappa: float, d: int = 1000) -> torch.Tensor:
    """Return d eigenvalues in [1, κ] at the Chebyshev points, clustered at both ends.

    A diagonal quadratic θᵀΛθ/2 with these eigenvalues is a hard case for every method here
    (the Chebyshev points are where the polynomial bounds of CG and momentum are tight), and
    diagonal loses nothing: all the methods commute with a rotation of the coordinates.
    """
    kappa = _check_kappa(kappa)
    d = check_int("d", d, minimum=2)
    i = torch.arange(d, dtype=torch.float64)
    nodes = torch.cos(math.pi * (i + 0.5) / d)  # in (−1, 1), clustered at ±1
    unit = (nodes - nodes.min()) / (nodes.max() - nodes.min())  # exactly 0 … 1
    return torch.sort(1.0 + (kappa - 1.0) * unit).values


def _check_diag(
    eigenvalues: object, theta0: object, tol: object, max_iter: object
) -> tuple[torch.Tensor, torch.Tensor, float, int]:
    """Check a run on the diagonal quadratic θᵀ diag(eigenvalues) θ / 2."""
    lam = as_finite_tensor("eigenvalues", eigenvalues, ndim=1)
    if lam.numel() == 0 or bool((lam <= 0).any()):
        raise ValueError(f"eigenvalues must be positive, got {lam.tolist()!r}")
    theta = as_finite_tensor("theta0", theta0, ndim=1)
    if theta.shape != lam.shape:
        raise ValueError(
            f"theta0 must have {lam.numel()} entries to match eigenvalues, "
            f"got shape {tuple(theta.shape)}"
        )
    if not bool(theta.any()):
        raise ValueError("theta0 must not be the minimizer 0")
    return lam, theta, _check_tol(tol), check_int("max_iter", max_iter, minimum=1)


def _not_reached(name: str, tol: float, max_iter: int) -> ValueError:
    """Return the error for a run that spent its budget."""
    return ValueError(f"{name}: tol={tol!r} not reached in max_iter={max_iter} steps")


def descent_iterations(
    eigenvalues: object,
    theta0: object,
    lr: float,
    tol: float,
    max_iter: int = 1_000_000,
) -> int:
    """Count gradient steps on θᵀΛθ/2 until ‖θ_t‖ <= tol·‖θ_0‖ (Λ diagonal)."""
    lam, theta, tol, budget = _check_diag(eigenvalues, theta0, tol, max_iter)
    lr = check_positive("lr", lr)
    factor, target = 1.0 - lr * lam, tol * float(torch.linalg.vector_norm(theta))
    for t in range(budget + 1):
        if float(torch.linalg.vector_norm(theta)) <= target:
            return t
        theta = factor * theta
    raise _not_reached("gradient descent", tol, budget)


# --8<-- [start:accelerated]
def heavy_ball_parameters(
    lam_min: float,
    lam_max: float,
) -> tuple[float, float]:
    """Return Polyak's (η, β) for eigenvalues in [λ_min, λ_max]."""
    lam_min, lam_max = _check_bounds(lam_min, lam_max)
    a, b = math.sqrt(lam_min), math.sqrt(lam_max)
    return 4.0 / (a + b) ** 2, ((b - a) / (b + a)) ** 2


def heavy_ball_iterations(
    eigenvalues: object,
    theta0: object,
    lr: float,
    beta: float,
    tol: float,
    max_iter: int = 1_000_000,
) -> int:
    """Count heavy-ball steps θ ← θ − η∇f(θ) + β(θ − θ_prev)."""
    lam, theta, tol, budget = _check_diag(eigenvalues, theta0, tol, max_iter)
    lr, beta = check_positive("lr", lr), _check_beta(beta)
    target = tol * float(torch.linalg.vector_norm(theta))
    previous = theta
    for t in range(budget + 1):
        if float(torch.linalg.vector_norm(theta)) <= target:
            return t
        step = -lr * lam * theta + beta * (theta - previous)
        previous, theta = theta, theta + step
    raise _not_reached("heavy ball", tol, budget)


def cg_iterations(
    eigenvalues: object,
    theta0: object,
    tol: float,
    max_iter: int = 1_000_000,
) -> int:
    """Count conjugate-gradient steps on θᵀΛθ/2 until ‖θ_t‖ <= tol·‖θ_0‖."""
    lam, theta, tol, budget = _check_diag(eigenvalues, theta0, tol, max_iter)
    target = tol * float(torch.linalg.vector_norm(theta))
    r = -lam * theta  # residual = −gradient
    p, rr = r, float(r @ r)
    for t in range(budget + 1):
        if float(torch.linalg.vector_norm(theta)) <= target:
            return t
        Ap = lam * p
        alpha = rr / float(p @ Ap)  # exact line search along p
        theta, r = theta + alpha * p, r - alpha * Ap
        rr_new = float(r @ r)
        p, rr = r + (rr_new / rr) * p, rr_new  # next direction, A-conjugate
    raise _not_reached("conjugate gradients", tol, budget)


# --8<-- [end:accelerated]


def _check_bounds(lam_min: object, lam_max: object) -> tuple[float, float]:
    """Return ``lam_min`` and ``lam_max`` if 0 < lam_min <= lam_max."""
    low, high = check_positive("lam_min", lam_min), check_positive("lam_max", lam_max)
    if low > high:
        raise ValueError(
            f"lam_min must be <= lam_max, got lam_min={lam_min!r}, lam_max={lam_max!r}"
        )
    return low, high


def _check_beta(beta: object) -> float:
    """Return ``beta`` as a float in [0, 1)."""
    if isinstance(beta, bool) or not isinstance(beta, int | float):
        raise TypeError(f"beta must be a real number, got {beta!r}")
    value = float(beta)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"beta must lie in [0, 1), got {beta!r}")
    return value


# --8<-- [start:implicit]
def implicit_euler_path(
    A: object,
    theta0: object,
    lr: float,
    steps: int,
) -> torch.Tensor:
    """Return implicit Euler steps θ_{t+1} = θ_t − η Aθ_{t+1} of the flow.

    Each step solves (I + ηA) θ_{t+1} = θ_t: the proximal-point step.
    """
    M, theta, lr, steps = _check_path(A, theta0, "lr", lr, "steps", steps)
    system = torch.eye(M.shape[0], dtype=torch.float64) + lr * M
    path = [theta]
    for _ in range(steps):
        theta = torch.linalg.solve(system, theta)
        path.append(theta)
    return torch.stack(path)


# --8<-- [end:implicit]
