"""Random symmetric matrices, and how often every eigenvalue is positive.

A popular argument says that at a critical point of a function of n variables each
Hessian eigenvalue is positive or negative "like a coin flip", so all n are positive with
probability 2⁻ⁿ. For the Gaussian Orthogonal Ensemble (GOE) the truth is much smaller:
eigenvalues repel each other, and Dean & Majumdar (2006) showed that the probability decays
like exp(−θn²) with θ = ln(3)/4 for large n. This module samples the GOE and measures it.

Convention: A = (G + Gᵀ)/√2 with G an n × n matrix of independent standard normals, so the
off-diagonal entries have variance 1 and the diagonal entries variance 2, and the density
of A is proportional to exp(−tr(A²)/4). That 2 : 1 ratio makes the law invariant under
A → QAQᵀ for every orthogonal Q. The overall scale does not change the sign of any
eigenvalue, so the probabilities below hold for any multiple of this convention.
"""

import math
from dataclasses import dataclass

import torch

from optguide.validation import check_int

__all__ = [
    "DEFAULT_SAMPLES",
    "THETA_GOE",
    "PositiveDefiniteEstimate",
    "dean_majumdar",
    "eigenvalue_gaps",
    "goe",
    "positive_definite_probability",
    "positive_fraction",
]

THETA_GOE = math.log(3) / 4
"""Dean & Majumdar's (2006) rate for the GOE: P(all n eigenvalues > 0) ≈ exp(−θn²)."""


# --8<-- [start:goe]
def goe(n: int, samples: int, generator: torch.Generator) -> torch.Tensor:
    """Return ``samples`` GOE matrices of size n × n, stacked: shape (samples, n, n).

    A = (G + Gᵀ)/√2: off-diagonal variance 1, diagonal variance 2, density ∝ exp(−tr A²/4).
    Float32 is enough: only the signs of the eigenvalues are used, and it halves the time.
    """
    n = check_int("n", n)
    samples = check_int("samples", samples)
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {generator!r}")
    g = torch.randn(samples, n, n, generator=generator, dtype=torch.float32)
    return (g + g.transpose(1, 2)) / math.sqrt(2.0)


# --8<-- [end:goe]


@dataclass(frozen=True)
class PositiveDefiniteEstimate:
    """A Monte Carlo estimate of P(all eigenvalues > 0) for n × n GOE matrices."""

    n: int
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
    n: int, samples: int, *, seed: int = 0, batch: int = 200_000
) -> PositiveDefiniteEstimate:
    """Estimate P(every eigenvalue of an n × n GOE matrix is > 0) from ``samples`` draws.

    The matrices are drawn in batches of at most ``batch`` and their eigenvalues computed
    together by the batched ``torch.linalg.eigvalsh``; the smallest one decides.
    """
    n = check_int("n", n)
    samples = check_int("samples", samples)
    seed = check_int("seed", seed, minimum=0)
    batch = check_int("batch", batch)
    generator = torch.Generator().manual_seed(seed)
    hits, done = 0, 0
    while done < samples:
        size = min(batch, samples - done)
        smallest = torch.linalg.eigvalsh(goe(n, size, generator))[:, 0]
        hits += int((smallest > 0).sum())
        done += size
    return PositiveDefiniteEstimate(n=n, samples=samples, hits=hits)


# --8<-- [end:estimate]


def dean_majumdar(n: int) -> float:
    """Return exp(−θn²) with θ = ln(3)/4: the large-n law, not an exact value for small n."""
    n = check_int("n", n)
    return math.exp(-THETA_GOE * n * n)


def positive_fraction(n: int, samples: int, *, seed: int = 0) -> float:
    """Return the average fraction of positive eigenvalues over ``samples`` GOE matrices.

    A and −A have the same law, and negating A negates every eigenvalue, so the expected
    fraction is exactly one half even though the signs are far from independent.
    """
    n = check_int("n", n)
    samples = check_int("samples", samples)
    seed = check_int("seed", seed, minimum=0)
    eigenvalues = torch.linalg.eigvalsh(goe(n, samples, torch.Generator().manual_seed(seed)))
    return float((eigenvalues > 0).double().mean())


DEFAULT_SAMPLES = {1: 100_000, 2: 100_000, 3: 200_000, 4: 400_000, 5: 1_000_000}
"""Samples per size n: enough for about 100 positive-definite hits even at n = 5."""


# --8<-- [start:gaps]
def eigenvalue_gaps(samples: int, *, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Return gaps between eigenvalues of 2 × 2 GOE matrices: within and across matrices.

    The first tensor holds λ₂ − λ₁ of each matrix. The second pairs the lower eigenvalue
    of one matrix with the upper eigenvalue of another (shuffled), which keeps each
    eigenvalue's law but makes the pair independent. Comparing the two isolates repulsion.
    """
    samples = check_int("samples", samples, minimum=2)
    seed = check_int("seed", seed, minimum=0)
    generator = torch.Generator().manual_seed(seed)
    eigenvalues = torch.linalg.eigvalsh(goe(2, samples, generator))
    same = eigenvalues[:, 1] - eigenvalues[:, 0]
    shuffled = eigenvalues[torch.randperm(samples, generator=generator), 1]
    independent = (shuffled - eigenvalues[:, 0]).abs()
    return same, independent


# --8<-- [end:gaps]
