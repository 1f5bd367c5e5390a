import pytest
import torch

from optguide.curvature import (
    classify_critical_point,
    hessian,
    hessian_eigenvalues,
    monkey_saddle,
    saddle,
)


def test_hessian_of_a_quadratic_form_is_its_matrix() -> None:
    # f(θ) = ½ θᵀAθ + bᵀθ has Hessian A at every point.
    a = torch.tensor([[3.0, 1.0, 0.0], [1.0, -2.0, 0.5], [0.0, 0.5, 1.0]], dtype=torch.float64)
    b = torch.tensor([1.0, -1.0, 2.0], dtype=torch.float64)
    for point in ([0.0, 0.0, 0.0], [1.0, -2.0, 3.0]):
        assert torch.allclose(hessian(lambda t: 0.5 * t @ a @ t + b @ t, point), a)


def test_hessian_of_the_saddle_and_its_eigenvalues() -> None:
    expected = torch.tensor([[2.0, 0.0], [0.0, -2.0]], dtype=torch.float64)
    assert torch.equal(hessian(saddle, [0.3, -1.2]), expected)
    assert hessian_eigenvalues(saddle, [0.0, 0.0]).tolist() == [-2.0, 2.0]


def test_hessian_of_the_monkey_saddle_away_from_the_origin() -> None:
    # f = x³ − 3xy²: f_xx = 6x, f_xy = −6y, f_yy = −6x.
    x, y = 0.5, -2.0
    expected = torch.tensor([[6 * x, -6 * y], [-6 * y, -6 * x]], dtype=torch.float64)
    assert torch.allclose(hessian(monkey_saddle, [x, y]), expected)


@pytest.mark.parametrize(
    ("function", "point", "kind"),
    [
        (lambda t: (t**2).sum(), [0.0, 0.0], "minimum"),
        (lambda t: -(t**2).sum(), [0.0, 0.0], "maximum"),
        (saddle, [0.0, 0.0], "saddle"),
        (lambda t: (t**3).sum(), [0.0], "inconclusive"),
        (lambda t: (t**4).sum(), [0.0], "inconclusive"),
        (monkey_saddle, [0.0, 0.0], "inconclusive"),
        # One positive, one negative and one zero eigenvalue: still a saddle.
        (lambda t: t[0] ** 2 - t[1] ** 2 + t[2] ** 4, [0.0, 0.0, 0.0], "saddle"),
        # x⁴ − y²: eigenvalues (−2, 0). A (strict) saddle, and the test can at least
        # exclude a minimizer: H is not positive semidefinite.
        (lambda t: t[0] ** 4 - t[1] ** 2, [0.0, 0.0], "not a minimizer"),
        # x² − y⁴: eigenvalues (0, 2). A saddle the test cannot see; it excludes a maximizer.
        (lambda t: t[0] ** 2 - t[1] ** 4, [0.0, 0.0], "not a maximizer"),
        (lambda t: -(t[0] ** 2) - t[1] ** 4, [0.0, 0.0], "not a minimizer"),
        # A shifted bowl: the minimizer is at (1, −2), not at the origin.
        (lambda t: (t[0] - 1) ** 2 + 3 * (t[1] + 2) ** 2, [1.0, -2.0], "minimum"),
    ],
)
def test_known_critical_points_are_classified(function, point, kind) -> None:  # type: ignore[no-untyped-def]
    assert classify_critical_point(function, point).kind == kind


def test_classification_reports_the_eigenvalues_and_the_point() -> None:
    result = classify_critical_point(lambda t: (t[0] - 1) ** 2 + 3 * (t[1] + 2) ** 2, [1.0, -2.0])
    assert result.point == (1.0, -2.0)
    assert result.gradient_norm == 0.0
    assert result.eigenvalues == pytest.approx((2.0, 6.0))


def test_tolerance_decides_what_counts_as_zero() -> None:
    tiny = lambda t: 1e-6 * (t**2).sum()  # noqa: E731
    assert classify_critical_point(tiny, [0.0, 0.0]).kind == "minimum"
    assert classify_critical_point(tiny, [0.0, 0.0], tol=1e-4).kind == "inconclusive"


def test_a_point_that_is_not_critical_is_rejected() -> None:
    with pytest.raises(
        ValueError, match=r"point must be a critical point.*gradient norm there is 2"
    ):
        classify_critical_point(saddle, [1.0, 0.0])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"point": [[0.0, 0.0]]}, ValueError, r"point must have 1 dimension"),
        ({"point": [0.0, float("nan")]}, ValueError, r"point must be finite"),
        ({"point": "origin"}, TypeError, r"point must be"),
        ({"tol": -1.0}, ValueError, r"tol must be a finite number > 0, got -1.0"),
        ({"gradient_tol": 0.0}, ValueError, r"gradient_tol must be a finite number > 0"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], error: type, message: str) -> None:
    arguments: dict[str, object] = {"point": [0.0, 0.0]} | kwargs
    with pytest.raises(error, match=message):
        classify_critical_point(saddle, **arguments)  # type: ignore[arg-type]


def test_a_vector_valued_function_is_rejected() -> None:
    with pytest.raises(ValueError, match="f must return a scalar tensor"):
        hessian(lambda t: t * 2, [1.0, 2.0])


def test_loss_hessian_of_a_linear_model_is_the_gauss_newton_matrix() -> None:
    # For y_hat = w·x + b and the mean squared error, H = (2/n) [x 1]ᵀ[x 1] exactly.
    from torch import nn

    from optguide.network_hessian import loss_hessian, regression_data

    x, y = regression_data(n=10, seed=3)
    model = nn.Linear(2, 1, dtype=torch.float64)
    design = torch.cat([x, torch.ones(10, 1, dtype=torch.float64)], dim=1)
    assert torch.allclose(loss_hessian(model, x, y), 2 / 10 * design.T @ design)


def test_regression_data_is_seeded_and_in_range() -> None:
    from optguide.network_hessian import regression_data

    x, y = regression_data(n=50, seed=1)
    assert x.shape == (50, 2) and y.shape == (50, 1)
    assert torch.equal(x, regression_data(n=50, seed=1)[0])
    assert bool((x.abs() <= 2).all())
    assert torch.allclose(y[:, 0], torch.sin(x[:, 0]) * torch.cos(x[:, 1]))
    with pytest.raises(ValueError, match="n must be >= 1"):
        regression_data(n=0)


def test_surface_figure_marks_the_computed_saddle_point() -> None:
    # The figure's marker and eigenvector arrows come from computation, not typed guesses.
    from optguide.figures.saddle_points import surface

    data = surface.compute()
    assert data.point == (0.0, 0.0)
    assert data.eigenvalues.tolist() == [-2.0, 2.0]
    assert torch.allclose(data.eigenvectors.abs(), torch.eye(2, dtype=torch.float64).flip(0))


def test_degenerate_figure_labels_are_the_verdicts_of_the_test() -> None:
    from optguide.figures.saddle_points import degenerate

    data = degenerate.compute()
    assert data.verdicts == {
        "cube": "inconclusive",
        "quartic": "inconclusive",
        "monkey": "inconclusive",
    }
    assert data.points["monkey"] == (0.0, 0.0)


def test_gauss_newton_split_of_a_linear_model() -> None:
    # For a linear model the Hessian of the mean squared error is exactly (2/n) JᵀJ: the
    # residual part is zero, and J (5 points, 3 parameters) has rank 3.
    from torch import nn

    from optguide.network_hessian import _gauss_newton_split, loss_hessian

    torch.manual_seed(0)
    model = nn.Linear(2, 1).double()
    x = torch.randn(5, 2, dtype=torch.float64)
    y = torch.randn(5, 1, dtype=torch.float64)
    rank, residual = _gauss_newton_split(model, x, y, loss_hessian(model, x, y))
    assert rank == 3
    assert residual < 1e-12


def test_spectrum_experiment_names_bad_checkpoints() -> None:
    from optguide.network_hessian import spectrum_experiment

    with pytest.raises(TypeError, match="checkpoints"):
        spectrum_experiment(checkpoints=5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="checkpoints"):
        spectrum_experiment(checkpoints=(0,))


def test_spectrum_experiment_records_a_gradient_norm_per_checkpoint() -> None:
    # One norm per point of along_training; the last is the norm where the budget ended.
    from optguide.network_hessian import spectrum_experiment

    run = spectrum_experiment((2, 4, 1), steps=3, checkpoints=(1,))
    assert [step for step, _, _ in run.along_training] == [0, 1, 3]
    assert len(run.gradient_norms) == 3
    assert run.gradient_norms[0] == run.initial_gradient_norm
    assert run.gradient_norms[-1] == run.final_gradient_norm
