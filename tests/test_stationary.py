import math

import pytest
import torch

from optguide.objectives import x_cos_pi_x
from optguide.stationary import derivative, global_minimizer, stationary_points


def test_derivative_matches_the_product_rule() -> None:
    xs = torch.linspace(-1.0, 2.0, 101, dtype=torch.float64)
    expected = torch.cos(math.pi * xs) - math.pi * xs * torch.sin(math.pi * xs)
    assert torch.allclose(derivative(x_cos_pi_x, xs), expected, atol=1e-12)


def test_second_derivative_of_a_cubic() -> None:
    xs = torch.tensor([-2.0, 0.0, 3.0], dtype=torch.float64)
    assert derivative(lambda x: x**3, xs, order=2).tolist() == [-12.0, 0.0, 18.0]


def test_stationary_points_of_x_cos_pi_x_solve_pi_x_tan_pi_x_equals_one() -> None:
    # f'(x) = 0  <=>  cos(πx) = πx sin(πx)  <=>  πx tan(πx) = 1 where cos(πx) != 0.
    points = stationary_points(x_cos_pi_x, (-1.0, 2.0))
    assert [p.kind for p in points] == ["local minimizer", "local maximizer", "local minimizer"]
    for point in points:
        assert math.pi * point.x * math.tan(math.pi * point.x) == pytest.approx(1.0, abs=1e-9)
    # f is odd, so its stationary points near the origin are mirror images.
    assert points[0].x == pytest.approx(-points[1].x, abs=1e-10)
    assert points[0].curvature > 0 > points[1].curvature


def test_stationary_points_of_a_quadratic() -> None:
    (point,) = stationary_points(lambda x: (x - 0.3) ** 2 + 1.0, (-1.0, 1.0))
    assert point.x == pytest.approx(0.3, abs=1e-10)
    assert point.value == pytest.approx(1.0)
    assert point.curvature == pytest.approx(2.0)


def test_inflection_point_of_a_cubic_is_not_reported() -> None:
    assert stationary_points(lambda x: x**3, (-1.0, 1.0)) == []


def test_global_minimizer_may_be_an_endpoint() -> None:
    assert global_minimizer(lambda x: x, (-1.0, 2.0)) == (-1.0, -1.0)
    x, value = global_minimizer(x_cos_pi_x, (-1.0, 2.0))
    assert x == pytest.approx(1.0904082, abs=1e-6)
    assert value == pytest.approx(x * math.cos(math.pi * x))


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="interval must satisfy lo < hi"):
        stationary_points(x_cos_pi_x, (2.0, -1.0))
    with pytest.raises(ValueError, match="grid must be >= 3, got 2"):
        stationary_points(x_cos_pi_x, (-1.0, 2.0), grid=2)
    with pytest.raises(ValueError, match="order must be >= 1, got 0"):
        derivative(x_cos_pi_x, torch.zeros(1), order=0)
