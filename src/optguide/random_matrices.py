"""Random symmetric matrices, and how often every eigenvalue is positive.

A popular argument says that at a critical point of a function of d variables each
Hessian eigenvalue is positive or negative "like a coin flip", so all d are positive with
probability 2⁻ᵈ. For the Gaussian Orthogonal Ensemble (GOE) the truth is much smaller:
eigenvalues repel each other, and Dean & Majumdar (2006) showed that the probability decays
like exp(−ζd²) with ζ = ln(3)/4 for large d. This module samples the GOE and measures it.

Convention: A = (G + Gᵀ)/√2 with G a d × d matrix of independent standard normals, so the
off-diagonal entries have variance 1 and the diagonal entries variance 2, and the density
of A is proportional to exp(−tr(A²)/4). That 2 : 1 ratio makes the law invariant under
A → QAQᵀ for every orthogonal Q. The overall scale does not change the sign of any
eigenvalue, so the probabilities below hold for any multiple of this convention.
"""

import math
from dataclasses import dataclass

import mpmath  # type: ignore[import-untyped]
import torch

from optguide.validation import check_int

__all__ = [
    "DEFAULT_SAMPLES",
    "ZETA_GOE",
    "PositiveDefiniteEstimate",
    "dean_majumdar",
    "eigenvalue_gaps",
    "goe",
    "positive_counts",
    "positive_definite_log_probabilities",
    "positive_definite_probability",
    "positive_fraction",
]


def _check_goe(d: int, samples: int, generator: object) -> None:
    """Check the arguments of goe."""
    check_int("d", d)
    check_int("samples", samples)
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {generator!r}")


ZETA_GOE = math.log(3) / 4
"""Dean & Majumdar's (2006) rate for the GOE: P(all d eigenvalues > 0) ≈ exp(−ζd²)."""


# --8<-- [start:goe]
def goe(d: int, samples: int, generator: torch.Generator) -> torch.Tensor:
    """Return GOE matrices (G + Gᵀ)/√2, (samples, d, d); float32 suffices."""
    _check_goe(d, samples, generator)
    g = torch.randn(samples, d, d, generator=generator, dtype=torch.float32)
    return (g + g.transpose(1, 2)) / math.sqrt(2.0)


# --8<-- [end:goe]


@dataclass(frozen=True)
class PositiveDefiniteEstimate:
    """A Monte Carlo estimate of P(all eigenvalues > 0) for d × d GOE matrices."""

    d: int
    samples: int
    hits: int

    @property
    def probability(self) -> float:
        """The fraction of sampled matrices whose eigenvalues were all positive."""
        return self.hits / self.samples

    @property
    def standard_error(self) -> float:
        """The binomial standard error √(p(1 − p)/samples) of that fraction."""
        p = self.probability
        return math.sqrt(p * (1 - p) / self.samples)


# --8<-- [start:estimate]
def positive_definite_probability(
    d: int, samples: int, *, seed: int = 0, batch: int = 200_000
) -> PositiveDefiniteEstimate:
    """Estimate P(all eigenvalues > 0) for d × d GOE matrices.

    The draws come in batches, one batched Cholesky factorization each: a
    symmetric matrix is positive definite exactly when it has one, and it
    costs a fraction of the eigenvalues.
    """
    _check_estimate(d, samples, seed, batch)
    generator = torch.Generator().manual_seed(seed)
    hits, done = 0, 0
    while done < samples:
        size = min(batch, samples - done)
        matrices = goe(d, size, generator)
        failed = torch.linalg.cholesky_ex(matrices).info  # 0: factored
        hits += int((failed == 0).sum())
        done += size
    return PositiveDefiniteEstimate(d=d, samples=samples, hits=hits)


# --8<-- [end:estimate]


def _check_estimate(d: int, samples: int, seed: int, batch: int) -> None:
    """Check the arguments of positive_definite_probability."""
    check_int("d", d)
    check_int("samples", samples)
    check_int("seed", seed, minimum=0)
    check_int("batch", batch)


def dean_majumdar(d: int) -> float:
    """Return exp(−ζd²) with ζ = ln(3)/4: the large-d law, not an exact value for small d."""
    d = check_int("d", d)
    return math.exp(-ZETA_GOE * d * d)


def positive_fraction(d: int, samples: int, *, seed: int = 0) -> float:
    """Return the average fraction of positive eigenvalues over ``samples`` GOE matrices.

    A and −A have the same law, and negating A negates every eigenvalue, so the expected
    fraction is exactly one half even though the signs are far from independent.
    """
    d = check_int("d", d)
    samples = check_int("samples", samples)
    seed = check_int("seed", seed, minimum=0)
    eigenvalues = torch.linalg.eigvalsh(goe(d, samples, torch.Generator().manual_seed(seed)))
    return float((eigenvalues > 0).double().mean())


DEFAULT_SAMPLES = {1: 100_000, 2: 100_000, 3: 200_000, 4: 400_000, 5: 1_000_000}
"""Samples per size d: enough for about 100 positive-definite hits even at d = 5."""


# --8<-- [start:gaps]
def eigenvalue_gaps(
    samples: int,
    *,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return gaps λ₂ − λ₁ within 2 × 2 GOE matrices and across them.

    Across: the lower eigenvalue of one matrix, the upper one of another
    (shuffled): same laws, but independent. The difference is repulsion.
    """
    samples = check_int("samples", samples, minimum=2)
    generator = torch.Generator().manual_seed(check_int("seed", seed, 0))
    eigenvalues = torch.linalg.eigvalsh(goe(2, samples, generator))
    lower, upper = eigenvalues[:, 0], eigenvalues[:, 1]
    same = upper - lower
    shuffled = upper[torch.randperm(samples, generator=generator)]
    return same, (shuffled - lower).abs()


# --8<-- [end:gaps]


def positive_counts(d: int, samples: int, *, seed: int = 0) -> torch.Tensor:
    """Return the number of positive eigenvalues of each of ``samples`` d × d GOE matrices.

    Its mean is d/2 by the symmetry A → −A; its variance is far below the d/4 of d
    independent coin flips, and grows only like ln(d)/π² (Majumdar et al., 2009).

    The count needs no eigenvalues. By Sylvester's law of inertia, A = LDLᵀ with L
    invertible has as many positive eigenvalues as D. The Bunch–Kaufman factorization
    (LAPACK's sytrf, a fraction of the cost of eigvalsh) makes D block diagonal; it takes
    a 2 × 2 block only when the block's determinant is negative, so each such block holds
    exactly one positive eigenvalue, and each 1 × 1 block is one eigenvalue.
    """
    d = check_int("d", d)
    samples = check_int("samples", samples)
    seed = check_int("seed", seed, minimum=0)
    matrices = goe(d, samples, torch.Generator().manual_seed(seed))
    factors, pivots, _ = torch.linalg.ldl_factor_ex(matrices)
    single = pivots > 0  # a 1 × 1 block; the two rows of a 2 × 2 block are negative
    diagonal = torch.diagonal(factors, dim1=1, dim2=2)
    counts: torch.Tensor = (single & (diagonal > 0)).sum(dim=1) + (~single).sum(dim=1) // 2
    return counts


def _half_line_moments(d_max: int) -> tuple[list[list[mpmath.mpf]], list[mpmath.mpf]]:
    """Return de Bruijn's skew matrix a_ij and the vector c_i on (0, ∞), for i, j < d_max.

    With φ_i(x) = xⁱ e^{−x²/4}: c_i = ∫₀^∞ φ_i = 2ⁱ Γ((i+1)/2), and
    a_ij = ∬ sign(y − x) φ_i(x) φ_j(y) over (0, ∞)² = 2 I_ij − c_i c_j, where
    I_ij = ∫₀^∞ φ_j(y) ∫₀^y φ_i(x) dx dy
         = 2^{i+j} Γ(a+b) / (a 2^{a+b}) ₂F₁(1, a+b; a+1; 1/2), a = (i+1)/2, b = (j+1)/2.
    """
    two, half = mpmath.mpf(2), mpmath.mpf(1) / 2
    c = [two**i * mpmath.gamma(half * (i + 1)) for i in range(d_max)]
    a = [[mpmath.mpf(0)] * d_max for _ in range(d_max)]
    for i in range(d_max):
        for j in range(i + 1, d_max):
            p, q = half * (i + 1), half * (j + 1)
            inner = two ** (i + j) * mpmath.gamma(p + q) / (p * two ** (p + q))
            inner *= mpmath.hyp2f1(1, p + q, p + 1, half)
            a[i][j] = 2 * inner - c[i] * c[j]
            a[j][i] = -a[i][j]
    return a, c


def _log_full_line_integral(d: int) -> mpmath.mpf:
    """Return ln ∫ over x₁ < ... < x_d of ∏|x_j − x_i| ∏ e^{−x²/4} (Mehta's integral / d!)."""
    log = mpmath.log
    total = d / mpmath.mpf(2) * log(4 * mpmath.pi) + d * (d - 1) / mpmath.mpf(4) * log(2)
    for j in range(1, d + 1):
        total += mpmath.loggamma(1 + mpmath.mpf(j) / 2) - mpmath.loggamma(mpmath.mpf(3) / 2)
    return total - mpmath.loggamma(d + 1)


# --8<-- [start:exact]
def _leading_pfaffians(matrix: list[list[mpmath.mpf]]) -> list[mpmath.mpf]:
    """Pfaffians of the leading 2 × 2, 4 × 4, ... blocks of a skew matrix."""
    a = [row[:] for row in matrix]
    size, product, result = len(a), mpmath.mpf(1), []
    for k in range(0, size - 1, 2):  # skew elimination, 2 × 2 pivots
        pivot = a[k][k + 1]
        product *= pivot
        result.append(product)
        for i in range(k + 2, size):  # the Schur complement
            u, v = a[i][k] / pivot, a[i][k + 1] / pivot
            for j in range(k + 2, size):
                a[i][j] += u * a[k + 1][j] - v * a[k][j]
    return result


def positive_definite_log_probabilities(d_max: int) -> list[float]:
    """Return ln P(all eigenvalues > 0) for the d × d GOE, d ≤ d_max."""
    d_max = check_int("d_max", d_max)
    with mpmath.workdps(20 + d_max**2 // 16):  # the elimination cancels
        a, c = _half_line_moments(d_max)
        # Odd d: border the matrix with c, in front so blocks stay leading.
        bordered = [[mpmath.mpf(0), *c]]
        bordered += [[-c[i]] + a[i] for i in range(d_max)]
        even, odd = _leading_pfaffians(a), _leading_pfaffians(bordered)
        logs = []
        for d in range(1, d_max + 1):
            pfaffian = odd[d // 2] if d % 2 else even[d // 2 - 1]
            log_p = mpmath.log(abs(pfaffian)) - _log_full_line_integral(d)
            logs.append(float(log_p))
    return logs


# --8<-- [end:exact]
