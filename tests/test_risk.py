import math

import pytest
import torch

from optguide.descent import gradient_descent
from optguide.risk import (
    CARTOON_INTERVAL,
    cartoon_empirical_risk,
    cartoon_risk,
    draw_sample,
    empirical_risk,
    empirical_risk_minimizer,
    excess_risk,
    loglog_slope,
    monte_carlo_excess_risk,
    risk,
    shrinkage_estimate,
    shrinkage_excess_risk,
)
from optguide.stationary import derivative, global_minimizer


def test_cartoon_risk_is_x_cos_pi_x_and_its_minimizer_solves_pi_x_tan_pi_x_equals_one() -> None:
    xs = torch.linspace(0.5, 1.5, 11, dtype=torch.float64)
    assert torch.allclose(cartoon_risk(xs), xs * torch.cos(math.pi * xs))
    x, value = global_minimizer(cartoon_risk, CARTOON_INTERVAL)
    # f'(x) = cos(πx) − πx sin(πx) = 0  <=>  πx tan(πx) = 1.
    assert math.pi * x * math.tan(math.pi * x) == pytest.approx(1.0, abs=1e-9)
    assert value == pytest.approx(x * math.cos(math.pi * x))


def test_cartoon_empirical_risk_has_a_different_lower_minimizer() -> None:
    x_risk, min_risk = global_minimizer(cartoon_risk, CARTOON_INTERVAL)
    x_emp, min_emp = global_minimizer(cartoon_empirical_risk, CARTOON_INTERVAL)
    slope = derivative(cartoon_empirical_risk, torch.tensor([x_emp], dtype=torch.float64))
    assert abs(float(slope[0])) < 1e-8  # a stationary point of the empirical risk
    assert 0.5 < x_emp < x_risk < 1.5
    assert min_emp < min_risk
    assert float(cartoon_risk(torch.tensor(x_emp))) > min_risk


def test_risk_is_the_expected_squared_loss() -> None:
    y = draw_sample(400_000, mu=1.0, sigma=2.0, seed=0)
    thetas = torch.tensor([-1.0, 1.0, 2.5], dtype=torch.float64)
    exact = risk(thetas, 1.0, 2.0)
    assert exact.tolist() == [8.0, 4.0, 6.25]
    assert torch.allclose(empirical_risk(thetas, y), exact, rtol=0.01)


def test_empirical_risk_minimizer_is_the_sample_mean_and_the_numerical_minimizer() -> None:
    y = torch.tensor([0.0, 1.0, 5.0], dtype=torch.float64)
    assert empirical_risk_minimizer(y) == pytest.approx(2.0)
    theta, value = global_minimizer(lambda t: empirical_risk(t, y), (-1.0, 6.0))
    assert theta == pytest.approx(2.0, abs=1e-9)
    assert value == pytest.approx((4 + 1 + 9) / 3)  # the mean squared deviation


def test_excess_risk_of_the_mean_matches_sigma_squared_over_n() -> None:
    for n, sigma in ((1, 2.0), (10, 2.0), (50, 0.5)):
        est = monte_carlo_excess_risk(n, 1.0, sigma, trials=20_000, seed=n)
        exact = sigma**2 / n
        assert abs(est.mean - exact) < 4 * est.standard_error
        # (ȳ − μ)² is σ²/n times a χ²₁ variable, whose standard deviation is √2 times its mean.
        assert est.standard_error == pytest.approx(exact * math.sqrt(2 / 20_000), rel=0.05)


def test_excess_risk_is_seeded() -> None:
    assert monte_carlo_excess_risk(7, 0.0, 1.0, trials=50, seed=3) == monte_carlo_excess_risk(
        7, 0.0, 1.0, trials=50, seed=3
    )


def test_shrinkage_matches_bias_plus_variance() -> None:
    assert shrinkage_excess_risk(10, 1.0, 2.0, 0.0) == pytest.approx(0.4)
    # α* = σ²/(nμ²) = 0.4; total = (0.4/1.4)² + 0.4/1.96 = 2/7.
    assert shrinkage_excess_risk(10, 1.0, 2.0, 0.4) == pytest.approx(2 / 7)
    est = monte_carlo_excess_risk(10, 1.0, 2.0, trials=40_000, alpha=0.4, seed=1)
    assert abs(est.mean - 2 / 7) < 4 * est.standard_error
    y = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    assert shrinkage_estimate(y, 1.0) == pytest.approx(1.0)


def test_best_shrinkage_is_sigma_squared_over_n_mu_squared() -> None:
    alphas = [i / 1000 for i in range(2001)]
    values = [shrinkage_excess_risk(10, 1.0, 2.0, alpha) for alpha in alphas]
    assert alphas[values.index(min(values))] == pytest.approx(0.4, abs=1e-3)


def test_early_stopping_is_shrinkage() -> None:
    y = draw_sample(10, 1.0, 2.0, seed=10)
    lr, steps = 0.05, 12
    path = gradient_descent(lambda t: empirical_risk(t, y), 0.0, lr=lr, steps=steps)
    factor = 1 - (1 - 2 * lr) ** steps
    assert float(path[-1]) == pytest.approx(shrinkage_estimate(y, 1 / factor - 1), rel=1e-12)


def test_excess_risk_and_loglog_slope() -> None:
    assert excess_risk(3.0, 1.0) == 4.0
    xs = [1.0, 10.0, 100.0]
    assert loglog_slope(xs, [5.0 / x for x in xs]) == pytest.approx(-1.0)
    assert loglog_slope(xs, [x**0.5 for x in xs]) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: draw_sample(0, 0.0, 1.0, seed=0), ValueError, r"n must be >= 1, got 0"),
        (lambda: draw_sample(5, 0.0, -1.0, seed=0), ValueError, r"sigma must be a finite"),
        (lambda: draw_sample(5, math.nan, 1.0, seed=0), ValueError, r"mu must be finite"),
        (lambda: draw_sample(5, "a", 1.0, seed=0), TypeError, r"mu must be a real number"),
        (lambda: monte_carlo_excess_risk(5, 0.0, 1.0, trials=1), ValueError, r"trials must be"),
        (lambda: monte_carlo_excess_risk(5, 0.0, 1.0, alpha=-1.0), ValueError, r"alpha must be"),
        (lambda: shrinkage_excess_risk(5, 0.0, 1.0, math.inf), ValueError, r"alpha must be"),
        (lambda: shrinkage_estimate(torch.ones(3), True), TypeError, r"alpha must be a real"),
        (lambda: empirical_risk_minimizer(torch.ones(2, 2)), ValueError, r"y must have 1"),
        (lambda: empirical_risk(torch.zeros(1), [1.0, math.nan]), ValueError, r"y must be"),
        (lambda: loglog_slope([1.0], [1.0]), ValueError, r"same length >= 2"),
        (lambda: loglog_slope([1.0, -2.0], [1.0, 2.0]), ValueError, r"must be positive"),
    ],
)
def test_bad_arguments_are_named(call, error: type, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        call()


def test_cartoon_figure_points_at_the_computed_minimizers() -> None:
    from matplotlib.text import Annotation

    from optguide.figures import registry
    from optguide.figures.style import THEMES, use

    module = registry.load("empirical_risk/cartoon")
    data = module.compute()
    with use(THEMES["light"]):
        figure = module.draw(data, THEMES["light"])
    arrows = [c for c in figure.axes[0].get_children() if isinstance(c, Annotation)]
    expected = {
        global_minimizer(cartoon_risk, CARTOON_INTERVAL),
        global_minimizer(cartoon_empirical_risk, CARTOON_INTERVAL),
    }
    assert {arrow.xy for arrow in arrows} == expected
