import itertools
import math

import pytest
import torch

from optguide.curvature import classify_critical_point, hessian, saddle
from optguide.descent import gradient, gradient_descent
from optguide.saddles import (
    chain_escape_steps,
    chain_start,
    cubic_newton_step,
    double_well_saddle,
    escape_iterations,
    newton_step,
    perturbed_gradient_descent,
    predicted_escape_iterations,
    saddle_chain,
    saddle_free_newton_step,
    trust_region_step,
)


def half_saddle(t: torch.Tensor) -> torch.Tensor:
    """(x² − y²)/2, on which gradient descent gives y_t = (1 + η)^t y_0 exactly."""
    return 0.5 * (t[0] ** 2 - t[1] ** 2)


def test_double_well_has_a_saddle_at_zero_and_minimizers_at_plus_minus_one() -> None:
    assert classify_critical_point(double_well_saddle, [0.0, 0.0]).kind == "saddle"
    for y in (1.0, -1.0):
        result = classify_critical_point(double_well_saddle, [0.0, y])
        assert result.kind == "minimum"
        assert result.eigenvalues == pytest.approx((1.0, 2.0))
    assert double_well_saddle(torch.tensor([0.0, 1.0])).item() == pytest.approx(-0.25)


@pytest.mark.parametrize("epsilon", [1e-1, 1e-3, 1e-6, 1e-9])
@pytest.mark.parametrize("lr", [0.05, 0.1, 0.3])
def test_escape_count_on_the_quadratic_is_the_ceiling_of_the_formula(
    epsilon: float, lr: float
) -> None:
    radius = 0.5
    measured = escape_iterations(half_saddle, [0.0, 0.0], [1.0, epsilon], lr=lr, radius=radius)
    expected = math.ceil(math.log(radius / epsilon) / math.log(1 + lr))
    assert measured == expected


def test_escape_count_on_the_double_well_stays_close_to_the_formula() -> None:
    for k in (2, 6, 10):
        eps = 10.0**-k
        measured = escape_iterations(double_well_saddle, [0, 0], [1, eps], lr=0.1, radius=0.5)
        predicted = predicted_escape_iterations(eps, lr=0.1, lambda_min=-1.0, radius=0.5)
        assert measured is not None
        assert 0 < measured - predicted < 3


def test_a_start_on_the_stable_manifold_never_escapes() -> None:
    assert escape_iterations(half_saddle, [0.0, 0.0], [1.0, 0.0], lr=0.1, radius=0.5) is None


def test_predicted_escape_value() -> None:
    # log(0.5 / 1e-4) / log(1.1) = log(5000) / log(1.1)
    expected = math.log(5000) / math.log(1.1)
    assert predicted_escape_iterations(1e-4, lr=0.1, lambda_min=-1.0, radius=0.5) == pytest.approx(
        expected
    )
    assert predicted_escape_iterations(
        1e-4, lr=0.05, lambda_min=-2.0, radius=0.5
    ) == pytest.approx(expected)


def test_newton_lands_on_the_saddle_and_saddle_free_newton_moves_away() -> None:
    start = [0.7, -0.3]
    assert newton_step(saddle, start).tolist() == [0.0, 0.0]
    assert torch.allclose(
        saddle_free_newton_step(saddle, start), torch.tensor([0.0, -0.6], dtype=torch.float64)
    )


def test_newton_on_a_convex_quadratic_reaches_the_minimizer_in_one_step() -> None:
    a = torch.tensor([[4.0, 1.0], [1.0, 3.0]], dtype=torch.float64)
    b = torch.tensor([1.0, -2.0], dtype=torch.float64)
    minimizer = torch.linalg.solve(a, b)
    for step in (newton_step, saddle_free_newton_step):
        found = step(lambda t: 0.5 * t @ a @ t - b @ t, [5.0, 5.0])
        assert torch.allclose(found, minimizer)


def test_saddle_free_newton_rejects_a_singular_hessian() -> None:
    with pytest.raises(ValueError, match="singular"):
        saddle_free_newton_step(lambda t: t[0] ** 2 + t[1] ** 3, [1.0, 0.0])


def test_perturbed_gradient_descent_leaves_the_stable_manifold() -> None:
    run = perturbed_gradient_descent(
        double_well_saddle,
        [1.0, 0.0],
        lr=0.1,
        steps=300,
        radius=0.01,
        gradient_threshold=1e-3,
        wait=20,
    )
    path = run.path
    assert path.shape == (301, 2)
    # The first kick comes when |∇f| = x_t = 0.9^t first drops to 1e-3 or below: t = 66.
    assert run.kicks[0] == math.ceil(math.log(1e-3) / math.log(0.9))
    assert all(b - a >= 21 for a, b in zip(run.kicks, run.kicks[1:], strict=False))
    assert abs(path[-1, 1].item()) == pytest.approx(1.0, abs=1e-2)
    assert double_well_saddle(path[-1]).item() == pytest.approx(-0.25, abs=1e-4)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": 0.0}, ValueError, r"lr must be a finite number > 0, got 0.0"),
        ({"radius": -1.0}, ValueError, r"radius must be a finite number > 0"),
        ({"max_steps": 0}, ValueError, r"max_steps must be >= 1, got 0"),
        ({"start": [1.0, 0.0, 0.0]}, ValueError, r"start must have shape \(2,\)"),
        ({"start": [1.0, math.inf]}, ValueError, r"start must be finite"),
    ],
)
def test_escape_bad_arguments_are_named(
    kwargs: dict[str, object], error: type, message: str
) -> None:
    arguments: dict[str, object] = {
        "saddle_point": [0.0, 0.0],
        "start": [1.0, 1e-3],
        "lr": 0.1,
        "radius": 0.5,
    } | kwargs
    with pytest.raises(error, match=message):
        escape_iterations(half_saddle, **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epsilon": 0.0}, r"epsilon must be a finite number > 0"),
        ({"lambda_min": 1.0}, r"lambda_min must be a finite negative number, got 1.0"),
        ({"lambda_min": math.nan}, r"lambda_min must be a finite negative number"),
    ],
)
def test_prediction_bad_arguments_are_named(kwargs: dict[str, float], message: str) -> None:
    arguments = {"epsilon": 1e-3, "lr": 0.1, "lambda_min": -1.0, "radius": 0.5} | kwargs
    with pytest.raises(ValueError, match=message):
        predicted_escape_iterations(
            arguments["epsilon"],
            lr=arguments["lr"],
            lambda_min=arguments["lambda_min"],
            radius=arguments["radius"],
        )


def test_perturbed_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match=r"wait must be >= 0, got -1"):
        perturbed_gradient_descent(
            half_saddle, [1.0, 0.0], lr=0.1, steps=5, radius=0.1, gradient_threshold=1e-3, wait=-1
        )


def test_cubic_and_trust_region_steps_solve_their_models() -> None:
    # At (0.8, 0.15) the cubic step s satisfies (H + λI)s = −g with λ = (M/2)‖s‖.
    start = torch.tensor([0.8, 0.15], dtype=torch.float64)
    h = hessian(double_well_saddle, start)
    g = gradient(double_well_saddle, start)
    s = cubic_newton_step(double_well_saddle, start, lipschitz=6.0) - start
    shift = 3.0 * float(s.norm())
    assert torch.allclose((h + shift * torch.eye(2, dtype=torch.float64)) @ s, -g, atol=1e-10)
    assert shift >= -float(torch.linalg.eigvalsh(h)[0]) - 1e-12
    # The trust-region step from the same point has length exactly the radius here.
    t = trust_region_step(double_well_saddle, start, radius=0.2) - start
    assert float(t.norm()) == pytest.approx(0.2, abs=1e-10)


def test_trust_region_hard_case_leaves_the_stable_manifold() -> None:
    step = trust_region_step(double_well_saddle, [0.5, 0.0], radius=0.5)
    assert step.tolist() == pytest.approx([0.25, math.sqrt(3) / 4], abs=1e-12)
    theta = torch.tensor([1.0, 0.0], dtype=torch.float64)
    for _ in range(12):
        theta = cubic_newton_step(double_well_saddle, theta, lipschitz=6.0)
    assert theta.tolist() == pytest.approx([0.0, 1.0], abs=1e-6)


def test_trust_region_takes_the_newton_step_inside_the_ball() -> None:
    bowl = lambda t: (t[0] - 0.1) ** 2 + 2 * (t[1] + 0.05) ** 2  # noqa: E731
    step = trust_region_step(bowl, [0.0, 0.0], radius=1.0)
    assert step.tolist() == pytest.approx([0.1, -0.05], abs=1e-12)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: cubic_newton_step(saddle, [0.0, 1.0], lipschitz=0.0), ValueError, "lipschitz"),
        (lambda: cubic_newton_step(saddle, [0.0, 1.0], lipschitz="1"), TypeError, "lipschitz"),
        (lambda: trust_region_step(saddle, [0.0, 1.0], radius=-1.0), ValueError, "radius"),
        (lambda: trust_region_step(saddle, "x", radius=1.0), TypeError, "theta"),
    ],
)
def test_regularized_newton_bad_arguments_are_named(call, error: type, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        call()


def test_the_chain_has_a_strict_saddle_at_the_origin_and_compounding_escapes() -> None:
    origin = [0.0] * 4
    result = classify_critical_point(saddle_chain, origin)
    assert result.kind == "saddle"
    assert result.eigenvalues[0] == pytest.approx(-1.0)
    path = gradient_descent(saddle_chain, chain_start(4), lr=0.1, steps=2000)
    escapes = chain_escape_steps(path)
    assert all(e is not None for e in escapes)
    gaps = [b - a for a, b in itertools.pairwise(escapes)]  # type: ignore[operator]
    assert all(later > 2 * earlier for earlier, later in itertools.pairwise(gaps))


def test_chain_helpers_check_their_arguments() -> None:
    with pytest.raises(ValueError, match="d must be >= 2"):
        chain_start(1)
    with pytest.raises(ValueError, match="epsilon"):
        chain_start(3, epsilon=0.0)
    with pytest.raises(TypeError, match="path must be a 2-D tensor"):
        chain_escape_steps([1.0, 2.0])  # type: ignore[arg-type]
    assert chain_escape_steps(torch.zeros(3, 2)) == [None, None]


@pytest.mark.parametrize("start", [[0.8, 0.15], [0.2, -0.4], [1.0, 0.0], [0.5, 0.0]])
def test_trust_region_step_minimizes_the_model_over_the_ball(start: list[float]) -> None:
    # Compare with the model at many points of the ball: none may be lower.
    theta = torch.tensor(start, dtype=torch.float64)
    h, g = hessian(double_well_saddle, theta), gradient(double_well_saddle, theta)
    s = trust_region_step(double_well_saddle, theta, radius=0.5) - theta
    generator = torch.Generator().manual_seed(0)
    directions = torch.randn(4000, 2, generator=generator, dtype=torch.float64)
    lengths = 0.5 * torch.rand(4000, 1, generator=generator, dtype=torch.float64).sqrt()
    points = lengths * directions / directions.norm(dim=1, keepdim=True)
    model = points @ g + 0.5 * ((points @ h) * points).sum(dim=1)
    assert float(s.norm()) <= 0.5 + 1e-12
    assert float(g @ s + 0.5 * s @ h @ s) <= float(model.min()) + 1e-12
