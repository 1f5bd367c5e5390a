import itertools
import math

import pytest
import torch

from optguide.random_matrices import (
    ZETA_GOE,
    dean_majumdar,
    eigenvalue_gaps,
    goe,
    positive_counts,
    positive_definite_log_probabilities,
    positive_definite_probability,
    positive_fraction,
)


def test_goe_samples_are_symmetric_with_the_stated_variances() -> None:
    a = goe(4, 50_000, torch.Generator().manual_seed(0)).double()
    assert a.shape == (50_000, 4, 4)
    assert torch.equal(a, a.transpose(1, 2))
    diagonal = torch.diagonal(a, dim1=1, dim2=2)
    off_diagonal = a[
        :, torch.triu_indices(4, 4, offset=1)[0], torch.triu_indices(4, 4, offset=1)[1]
    ]
    # Variances 2 and 1, means 0; 200 000 and 300 000 draws give standard errors under 0.01.
    assert diagonal.var().item() == pytest.approx(2.0, abs=0.03)
    assert off_diagonal.var().item() == pytest.approx(1.0, abs=0.02)
    assert abs(a.mean().item()) < 0.01


def test_the_same_seed_gives_the_same_estimate() -> None:
    first = positive_definite_probability(3, 20_000, seed=5, batch=7_000)
    second = positive_definite_probability(3, 20_000, seed=5, batch=7_000)
    assert first == second
    assert first.samples == 20_000


def test_the_cholesky_count_is_the_count_of_positive_smallest_eigenvalues() -> None:
    # The estimate counts the matrices that have a Cholesky factor; a symmetric matrix has
    # one exactly when its smallest eigenvalue is positive, so both counts must agree.
    for d in (2, 3, 5):
        matrices = goe(d, 50_000, torch.Generator().manual_seed(d))
        positive = int((torch.linalg.eigvalsh(matrices)[:, 0] > 0).sum())
        estimate = positive_definite_probability(d, 50_000, seed=d)
        assert estimate.hits == positive > 0


def test_one_by_one_is_a_fair_coin() -> None:
    estimate = positive_definite_probability(1, 100_000, seed=1)
    assert abs(estimate.probability - 0.5) < 4 * estimate.standard_error


def test_two_by_two_matches_the_exact_probability() -> None:
    # For the 2 × 2 GOE, P(both eigenvalues > 0) = (2 − √2)/4 ≈ 0.1464.
    estimate = positive_definite_probability(2, 200_000, seed=2)
    assert abs(estimate.probability - (2 - math.sqrt(2)) / 4) < 4 * estimate.standard_error


def test_probability_falls_faster_than_coin_flips() -> None:
    estimate = positive_definite_probability(4, 200_000, seed=3)
    assert estimate.probability < 0.5**4 / 10


def test_dean_majumdar_constant() -> None:
    assert abs(ZETA_GOE - 0.274653) < 1e-6
    assert dean_majumdar(2) == pytest.approx(1 / 3)  # exp(−ln(3)) = 1/3


def test_mean_fraction_of_positive_eigenvalues_is_one_half() -> None:
    assert positive_fraction(6, 20_000, seed=4) == pytest.approx(0.5, abs=0.01)


def test_two_by_two_gaps_follow_the_rayleigh_law() -> None:
    # λ₂ − λ₁ = √((a − c)² + 4b²) with a − c and 2b independent N(0, 4): Rayleigh, σ = 2.
    same, independent = eigenvalue_gaps(100_000, seed=0)
    assert (same < 0.5).double().mean().item() == pytest.approx(1 - math.exp(-1 / 32), abs=0.003)
    assert same.double().mean().item() == pytest.approx(2 * math.sqrt(math.pi / 2), abs=0.02)
    assert (independent < 0.5).double().mean().item() > 2 * (same < 0.5).double().mean().item()


def test_exact_probabilities_match_the_closed_forms() -> None:
    # d = 1: a fair coin; d = 2: (2 − √2)/4; d = 3: (π − 2√2)/(4π).
    logs = positive_definite_log_probabilities(3)
    exact = [0.5, (2 - math.sqrt(2)) / 4, (math.pi - 2 * math.sqrt(2)) / (4 * math.pi)]
    for log_p, value in zip(logs, exact, strict=True):
        assert math.exp(log_p) == pytest.approx(value, rel=1e-13)


def test_exact_probabilities_agree_with_monte_carlo() -> None:
    logs = positive_definite_log_probabilities(5)
    for n in (3, 4, 5):
        estimate = positive_definite_probability(n, 200_000, seed=n)
        exact = math.exp(logs[n - 1])
        assert abs(estimate.probability - exact) < 4 * math.sqrt(exact / 200_000)


def test_exact_probabilities_do_not_depend_on_the_largest_size() -> None:
    # The working precision grows with d_max; a smaller table must agree with a larger one,
    # which also shows that the precision is enough at the smaller size.
    small, large = positive_definite_log_probabilities(12), positive_definite_log_probabilities(24)
    assert small == pytest.approx(large[:12], rel=1e-14)
    # −ln P / d² decreases toward ζ = ln(3)/4 from above.
    ratios = [-log_p / n**2 for n, log_p in enumerate(large, start=1)]
    assert all(a > b > ZETA_GOE for a, b in itertools.pairwise(ratios))


def test_the_inertia_count_is_the_count_of_positive_eigenvalues() -> None:
    # positive_counts reads the count off an LDLᵀ factorization; it must equal the number of
    # positive eigenvalues of the same matrices, 2 × 2 blocks of the factorization included.
    for d in (1, 2, 7, 30):
        counts = positive_counts(d, 5_000, seed=d)
        matrices = goe(d, 5_000, torch.Generator().manual_seed(d))
        assert torch.equal(counts, (torch.linalg.eigvalsh(matrices) > 0).sum(dim=1))
        # From d = 2 on, some of these factorizations do take 2 × 2 blocks.
        blocks = bool((torch.linalg.ldl_factor_ex(matrices).pivots < 0).any())
        assert blocks == (d > 1)


def test_the_index_variance_is_far_below_coin_flips() -> None:
    counts = positive_counts(10, 20_000, seed=0).double()
    assert counts.mean().item() == pytest.approx(5.0, abs=0.05)
    assert counts.var().item() < 0.25 * 10 / 4


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: goe(0, 5, torch.Generator()), ValueError, r"d must be >= 1, got 0"),
        (lambda: goe(2, 5, 0), TypeError, r"generator must be a torch.Generator"),
        (lambda: positive_definite_probability(2, 0), ValueError, r"samples must be >= 1"),
        (lambda: positive_definite_probability(2.5, 10), TypeError, r"d must be an integer"),
        (lambda: positive_definite_probability(2, 10, seed=-1), ValueError, r"seed must be >= 0"),
        (lambda: dean_majumdar(0), ValueError, r"d must be >= 1"),
        (lambda: eigenvalue_gaps(1), ValueError, r"samples must be >= 2"),
        (lambda: positive_definite_log_probabilities(0), ValueError, r"d_max must be >= 1"),
        (lambda: positive_definite_log_probabilities(2.0), TypeError, r"d_max must be an integ"),
        (lambda: positive_counts(3, 10, seed=-2), ValueError, r"seed must be >= 0"),
    ],
)
def test_bad_arguments_are_named(call, error: type, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        call()
