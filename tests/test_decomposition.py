import math

import numpy as np
import pytest
import torch

from optguide.decomposition import (
    decompose,
    decompose_one,
    descent_path,
    double_descent,
    effective_degrees_of_freedom,
    least_squares_fit,
    minimum_norm_fit,
    polynomial_risk,
    sine_coefficients,
)
from optguide.generalization import (
    Sample,
    fit_polynomial,
    legendre_features,
    noisy_sine_sample,
    train_polynomials,
)


def test_sine_coefficients_match_the_closed_form_of_the_first_one() -> None:
    # c_1 = (3/2) ∫ x sin(πx) dx = (3/2)(2/π) = 3/π; every even coefficient is zero.
    c = sine_coefficients(8)
    assert float(c[1]) == pytest.approx(3 / math.pi, rel=1e-14)
    assert float(c[0::2].abs().max()) < 1e-15
    # c_3 = (7/2) ∫ P_3(x) sin(πx) dx = 7 (π² − 15) / π³.
    assert float(c[3]) == pytest.approx(7 * (math.pi**2 - 15) / math.pi**3, rel=1e-13)


def test_polynomial_risk_is_the_noise_plus_the_squared_l2_distance() -> None:
    # The best polynomial of degree 1 is (3/π) x: its risk is σ² + ½ ∫ (sin πx − 3x/π)² dx
    # = σ² + ½ (1 − 6/π² ) by ∫ sin² = 1, ∫ x sin = 2/π, ∫ x² = 2/3.
    theta = torch.tensor([0.0, 3 / math.pi], dtype=torch.float64)
    assert polynomial_risk(theta, 0.3) == pytest.approx(0.09 + 0.5 * (1 - 6 / math.pi**2))
    # The zero polynomial: σ² + ½ ∫ sin² = σ² + ½.
    assert polynomial_risk(torch.zeros(4, dtype=torch.float64), 0.3) == pytest.approx(0.59)
    # A high-degree best fit is the truth to rounding.
    assert polynomial_risk(sine_coefficients(25), 0.3) == pytest.approx(0.09, abs=1e-15)


def test_polynomial_risk_agrees_with_a_fine_quadrature() -> None:
    theta = torch.tensor([0.3, -1.0, 0.5, 2.0], dtype=torch.float64)
    nodes, weights = np.polynomial.legendre.leggauss(100)
    x = torch.from_numpy(nodes)
    gap = legendre_features(x, 3) @ theta - torch.sin(math.pi * x)
    expected = 0.25 + 0.5 * float((torch.from_numpy(weights) * gap**2).sum())
    assert polynomial_risk(theta, 0.5) == pytest.approx(expected, rel=1e-13)


def test_least_squares_fit_solves_the_normal_equations_and_interpolates_beyond_n() -> None:
    sample = noisy_sine_sample(12, 0.3, seed=4)
    theta = least_squares_fit(sample, 3)
    phi = legendre_features(sample.x, 3)
    assert torch.allclose(
        phi.T @ (phi @ theta - sample.y), torch.zeros(4, dtype=torch.float64), atol=1e-12
    )
    # p = 20 > n = 12: the minimum-norm fit passes through every point and lies in the
    # row space of Φ, θ = Φᵀ(ΦΦᵀ)⁻¹y.
    wide = minimum_norm_fit(sample, 20)
    phi = legendre_features(sample.x, 19)
    assert torch.allclose(phi @ wide, sample.y, atol=1e-9)
    expected = phi.T @ torch.linalg.solve(phi @ phi.T, sample.y)
    assert torch.allclose(wide, expected, atol=1e-8)


def test_descent_path_equals_the_training_loop_at_every_recorded_epoch() -> None:
    train, heldout = noisy_sine_sample(20, 0.3, seed=0), noisy_sine_sample(50, 0.3, seed=1)
    history = fit_polynomial(train, heldout, 6, epochs=200)
    phi = legendre_features(train.x, 6)
    path = descent_path(phi, train.y, [0, 200])
    assert float(path[0].abs().max()) == 0.0
    assert torch.allclose(path[1], history.theta[0], atol=1e-12)
    # And the loop equals the batched trainer the sweeps use.
    batched = train_polynomials([train], heldout, [6], epochs=200)
    assert torch.allclose(batched.heldout_loss, history.heldout_loss, rtol=1e-12)
    # Far out, descent reaches the least-squares minimizer.
    far = descent_path(phi, train.y, [1e12])[0]
    assert torch.allclose(far, least_squares_fit(train, 6), atol=1e-8)


def test_descent_path_on_a_diagonal_problem_has_the_textbook_form() -> None:
    # Φ = diag(1, 1/2) with n = 2: H = diag(1, 1/4), η = 1, b = (y_1, y_2 / 2).
    # θ_t = (1 − (1 − ηλ)^t) b / λ: coordinate 1 is exact after one step, coordinate 2
    # after t steps holds (1 − (3/4)^t) · 2 y_2.
    phi = torch.diag(torch.tensor([1.0, 0.5], dtype=torch.float64))
    y = torch.tensor([2.0, 1.0], dtype=torch.float64)
    path = descent_path(phi, y, [1, 3])
    assert path[0].tolist() == pytest.approx([2.0, 0.5])
    assert path[1].tolist() == pytest.approx([2.0, (1 - 0.75**3) * 2.0])


def test_effective_degrees_of_freedom_run_from_zero_to_the_rank() -> None:
    phi = torch.diag(torch.tensor([1.0, 0.5], dtype=torch.float64))
    dof = effective_degrees_of_freedom(phi, [0, 1, 2, 1e6])
    assert dof.tolist() == pytest.approx([0.0, 1.25, 1 + (1 - 0.75**2), 2.0])


def test_decompose_one_adds_up_and_early_stopping_beats_the_exact_minimizer() -> None:
    train, heldout = noisy_sine_sample(20, 0.3, seed=0), noisy_sine_sample(1000, 0.3, seed=1)
    approximation, estimation, optimization, stop = decompose_one(train, heldout, 15, 0.3, 500)
    assert approximation == pytest.approx(0.0, abs=1e-15)
    assert estimation > 1e4 and optimization < -1e4
    assert 0 < stop < 500
    path = descent_path(legendre_features(train.x, 15), train.y, [stop])[0]
    total = approximation + estimation + optimization
    assert total == pytest.approx(polynomial_risk(path, 0.3) - 0.09, rel=1e-9)


def test_decompose_and_double_descent_shapes() -> None:
    parts = decompose([1, 3], repeats=3, epochs=100)
    assert parts.estimation.shape == (2, 3) and parts.approximation.shape == (2,)
    assert bool((parts.estimation >= -1e-12).all())
    curve = double_descent([2, 20, 40], repeats=3)
    assert curve.risks.shape == (3, 3)
    assert int(curve.median().argmax()) == 1  # the peak at p = n


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: sine_coefficients(-1), ValueError, "degree"),
        (lambda: polynomial_risk([1.0], 0.0), ValueError, "noise"),
        (lambda: polynomial_risk("x", 0.3), TypeError, "theta"),
        (lambda: least_squares_fit((1, 2), 3), TypeError, "sample"),
        (lambda: minimum_norm_fit(noisy_sine_sample(3, 0.3, 0), 0), ValueError, "features"),
        (lambda: descent_path(torch.eye(2), torch.ones(3), [1]), ValueError, "features"),
        (lambda: descent_path(torch.eye(2), torch.ones(2), [-1]), ValueError, "epochs"),
        (lambda: effective_degrees_of_freedom(torch.eye(2), 5), ValueError, "epochs"),
        (lambda: decompose(3), TypeError, "degrees"),
        (lambda: decompose([3], repeats=0), ValueError, "repeats"),
        (lambda: double_descent(5), TypeError, "features"),
        (
            lambda: decompose_one(Sample(torch.ones(2), torch.ones(2)), None, 1, 0.3, 5),
            TypeError,
            "heldout",
        ),
    ],
)
def test_bad_arguments_are_named(call, error, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=name):
        call()


def test_surrogate_run_and_sweep_agree_and_count_mistakes() -> None:
    from optguide.logistic_regression import Classification, make_classification
    from optguide.surrogate import surrogate_run, surrogate_sweep, zero_one_error

    # sign(x·w) on four points: w = (0, 1) labels x_2 > 0 as 1; one of four is wrong.
    X = torch.tensor([[1.0, 1.0], [1.0, -1.0], [1.0, 2.0], [1.0, -2.0]], dtype=torch.float64)
    data = Classification(X, torch.tensor([1.0, 0.0, 0.0, 0.0], dtype=torch.float64))
    assert zero_one_error(data, torch.tensor([0.0, 1.0], dtype=torch.float64)) == 0.25
    sweep = surrogate_sweep(seeds=3, epochs=300, test_size=500)
    for s in range(3):
        run = surrogate_run(
            make_classification(20, 3, 2.0, seed=s),
            make_classification(500, 3, 2.0, seed=1000 + s),
            epochs=300,
        )
        assert run.cross_entropy[0] == pytest.approx(math.log(2))  # w = 0: p = 1/2
        assert run.epochs[0] == 0 and run.epochs[-1] == 300
        assert run.test_error[-1] == pytest.approx(float(sweep.final[s]))
        expected = -1 if run.separated_at is None else run.separated_at
        assert int(sweep.separated_at[s]) == expected
        if run.separated_at is not None:
            assert run.train_error[-1] == 0.0


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (
            lambda: __import__("optguide.surrogate").surrogate.zero_one_error(1, 2),
            TypeError,
            "data",
        ),
        (
            lambda: __import__("optguide.surrogate").surrogate.surrogate_run(1, 2, 3),
            TypeError,
            "train",
        ),
        (
            lambda: __import__("optguide.surrogate").surrogate.surrogate_sweep(seeds=0),
            ValueError,
            "seeds",
        ),
        (
            lambda: __import__("optguide.surrogate").surrogate.surrogate_sweep(epochs=2.5),
            TypeError,
            "epochs",
        ),
    ],
)
def test_surrogate_bad_arguments_are_named(call, error, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=name):
        call()


def test_sine_risk_matches_monte_carlo_and_has_its_minimum_at_theta_star() -> None:
    from optguide.sine_model import (
        NOISE,
        THETA_STAR,
        basin,
        sine_data,
        sine_empirical_risk,
        sine_erm,
        sine_risk,
        wrong_basin_count,
    )

    # At θ = θ* the model is the truth: R = σ². At θ = 0 it predicts 0: R = σ² + E[sin²(2x)]
    # = σ² + 1/2 on [−π, π].
    assert float(sine_risk(torch.tensor(THETA_STAR))) == pytest.approx(NOISE**2, abs=1e-15)
    assert float(sine_risk(torch.tensor(0.0))) == pytest.approx(NOISE**2 + 0.5, abs=1e-15)
    big = sine_data(400_000, seed=0)
    for theta in (1.0, 3.0, 4.35):
        measured = float(sine_empirical_risk(torch.tensor(theta), big))
        assert measured == pytest.approx(float(sine_risk(torch.tensor(theta))), rel=0.01)
    low, high = basin()
    assert low < THETA_STAR < high
    assert abs(sine_erm(sine_data(2000, seed=1)) - THETA_STAR) < 0.05
    assert wrong_basin_count(200, trials=5) == 0


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: __import__("optguide.sine_model").sine_model.sine_data(0, 1), ValueError, "n"),
        (
            lambda: __import__("optguide.sine_model").sine_model.sine_data(3, -1),
            ValueError,
            "seed",
        ),
        (
            lambda: __import__("optguide.sine_model").sine_model.sine_erm((1, 2)),
            TypeError,
            "sample",
        ),
        (lambda: __import__("optguide.sine_model").sine_model.sine_risk("a"), TypeError, "theta"),
        (
            lambda: __import__("optguide.sine_model").sine_model.wrong_basin_count(5, 0),
            ValueError,
            "trials",
        ),
    ],
)
def test_sine_bad_arguments_are_named(call, error, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=name):
        call()


def test_one_pass_sgd_is_the_running_mean_and_checks_its_arguments() -> None:
    from optguide.risk import one_pass_sgd

    y = torch.tensor([[1.0, 3.0, 8.0], [0.0, 0.0, 6.0]], dtype=torch.float64)
    path = one_pass_sgd(y, theta0=-7.0)
    assert path[:, 0].tolist() == [-7.0, -7.0]
    assert path[0, 1:].tolist() == pytest.approx([1.0, 2.0, 4.0])
    assert path[1, 1:].tolist() == pytest.approx([0.0, 0.0, 2.0])
    with pytest.raises(ValueError, match="y"):
        one_pass_sgd(torch.zeros(0, dtype=torch.float64))
    with pytest.raises(TypeError, match="theta0"):
        one_pass_sgd(torch.ones(2, dtype=torch.float64), theta0="a")  # type: ignore[arg-type]
