import math

import pytest
import torch

from optguide.generalization import (
    Sample,
    capacity_sweep,
    legendre_features,
    noisy_sine_sample,
    overfitting_experiment,
    safe_learning_rate,
    train_polynomials,
)


def test_legendre_features_match_the_closed_forms_and_are_orthogonal() -> None:
    x = torch.linspace(-1.0, 1.0, 20_001, dtype=torch.float64)
    features = legendre_features(x, 3)
    assert features.shape == (20_001, 4)
    assert torch.allclose(features[:, 2], (3 * x**2 - 1) / 2)
    assert torch.allclose(features[:, 3], (5 * x**3 - 3 * x) / 2)
    # ∫ P_i P_j dx over [−1, 1] is 0 for i != j and 2 / (2i + 1) for i = j.
    gram = torch.trapezoid(features.unsqueeze(2) * features.unsqueeze(1), x, dim=0)
    expected = torch.diag(torch.tensor([2 / (2 * i + 1) for i in range(4)], dtype=torch.float64))
    assert torch.allclose(gram, expected, atol=1e-7)
    assert legendre_features(x[:3], 0).tolist() == [[1.0], [1.0], [1.0]]


def test_safe_learning_rate_is_one_over_the_largest_hessian_eigenvalue() -> None:
    # Φ = I (2 × 2): the Hessian of the mean squared error is (2/n) ΦᵀΦ = I, so η = 1.
    assert safe_learning_rate(torch.eye(2, dtype=torch.float64)) == pytest.approx(1.0)
    # Φ = diag(2, 1): Hessian diag(4, 1), η = 1/4.
    assert safe_learning_rate(torch.diag(torch.tensor([2.0, 1.0]))) == pytest.approx(0.25)


def test_the_data_are_noisy_samples_of_sin_pi_x() -> None:
    sample = noisy_sine_sample(200_000, 0.3, seed=0)
    assert float(sample.x.min()) >= -1.0 and float(sample.x.max()) <= 1.0
    residual = sample.y - torch.sin(math.pi * sample.x)
    assert float(residual.mean()) == pytest.approx(0.0, abs=0.003)
    assert float(residual.var()) == pytest.approx(0.09, rel=0.02)


def test_a_constant_model_converges_to_the_mean_and_starts_at_the_mean_square() -> None:
    y = torch.tensor([1.0, 2.0, 6.0], dtype=torch.float64)
    train = Sample(torch.tensor([-0.5, 0.0, 0.5], dtype=torch.float64), y)
    heldout = Sample(torch.tensor([0.1, 0.2], dtype=torch.float64), torch.tensor([3.0, 5.0]))
    history = train_polynomials([train], heldout, [0], epochs=60)
    assert float(history.train_loss[0, 0]) == pytest.approx(float((y**2).mean()))
    assert float(history.heldout_loss[0, 0]) == pytest.approx((9 + 25) / 2)
    # At θ = mean(y) = 3 the training loss is the variance of y, the held-out loss (0 + 4) / 2.
    assert float(history.train_loss[0, -1]) == pytest.approx(float(y.var(unbiased=False)))
    assert float(history.heldout_loss[0, -1]) == pytest.approx(2.0)


def test_gradient_descent_reaches_the_least_squares_fit_and_never_goes_up() -> None:
    train = noisy_sine_sample(30, 0.3, seed=5)
    heldout = noisy_sine_sample(10, 0.3, seed=6)
    history = train_polynomials([train], heldout, [3], epochs=400)
    phi = legendre_features(train.x, 3)
    solution = torch.linalg.lstsq(phi, train.y.unsqueeze(1)).solution.squeeze(1)
    least_squares = float((phi @ solution - train.y).pow(2).mean())
    assert float(history.train_loss[0, -1]) == pytest.approx(least_squares, rel=1e-9)
    assert bool((history.train_loss[0, 1:] <= history.train_loss[0, :-1] + 1e-15).all())


def test_a_padded_batch_follows_plain_gradient_descent_for_each_model() -> None:
    # Models of different degrees on samples of different sizes share one padded batch; each
    # must follow θ ← θ − η (2/n) Φᵀ(Φθ − y) on its own data, with its own step size.
    small, large = noisy_sine_sample(12, 0.3, seed=1), noisy_sine_sample(25, 0.3, seed=2)
    heldout = noisy_sine_sample(40, 0.3, seed=3)
    history = train_polynomials([small, large], heldout, [2, 5], epochs=30)
    phis = [legendre_features(small.x, 2), legendre_features(large.x, 5)]
    rates = [safe_learning_rate(phi) for phi in phis]
    assert rates[0] != pytest.approx(rates[1])  # the models do not share a step size
    for model, (sample, phi) in enumerate(zip((small, large), phis, strict=True)):
        lr = rates[model]
        phi_out = legendre_features(heldout.x, phi.shape[1] - 1)
        theta = torch.zeros(phi.shape[1], dtype=torch.float64)
        for epoch in range(31):
            residual = phi @ theta - sample.y
            heldout_loss = float((phi_out @ theta - heldout.y).pow(2).mean())
            assert float(history.train_loss[model, epoch]) == pytest.approx(
                float(residual.pow(2).mean()), rel=1e-10
            )
            assert float(history.heldout_loss[model, epoch]) == pytest.approx(
                heldout_loss, rel=1e-10
            )
            theta = theta - lr * 2 / len(sample.y) * phi.T @ residual


def test_a_model_in_a_batch_does_not_depend_on_the_other_models() -> None:
    # The sweeps batch models whose curvatures differ; each keeps its own step size, so a
    # model trained with others ends where it ends when trained alone.
    first, second = (noisy_sine_sample(20, 0.3, seed=s) for s in (0, 100))
    samples, degrees = [first, second, first], [15, 15, 1]
    heldout = noisy_sine_sample(50, 0.3, seed=1)
    together = train_polynomials(samples, heldout, degrees, epochs=200)
    for model, (sample, degree) in enumerate(zip(samples, degrees, strict=True)):
        alone = train_polynomials([sample], heldout, [degree], epochs=200)
        assert torch.allclose(together.heldout_loss[model], alone.heldout_loss[0], rtol=1e-10)
        assert torch.allclose(together.train_loss[model], alone.train_loss[0], rtol=1e-10)


def test_the_overfitting_experiment_has_an_interior_best_epoch_and_a_growing_gap() -> None:
    run = overfitting_experiment(epochs=400)
    assert run.best_epoch == int(run.heldout_loss.argmin())
    assert 0 < run.best_epoch < run.epochs
    assert run.final_gap > run.best_gap > 0
    assert float(run.heldout_loss[run.best_epoch]) > run.noise**2
    assert overfitting_experiment(epochs=400).best_epoch == run.best_epoch


def test_capacity_sweep_reports_one_row_per_degree() -> None:
    sweep = capacity_sweep([0, 3], n=20, repeats=2, epochs=200)
    assert sweep.settings == [0, 3]
    assert sweep.train_loss.shape == sweep.heldout_loss.shape == (2,)
    assert bool((sweep.heldout_low <= sweep.heldout_high).all())
    assert float(sweep.train_loss[1]) < float(sweep.train_loss[0])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: noisy_sine_sample(0, 0.3, seed=0), ValueError, r"n must be >= 1, got 0"),
        (lambda: noisy_sine_sample(5, -0.3, seed=0), ValueError, r"noise must be a finite"),
        (lambda: noisy_sine_sample(5, 0.3, seed=-1), ValueError, r"seed must be >= 0"),
        (lambda: legendre_features(torch.zeros(3), -1), ValueError, r"degree must be >= 0"),
        (lambda: legendre_features(torch.zeros(3, 1), 2), TypeError, r"x must be a one-dim"),
        (lambda: safe_learning_rate(torch.zeros(3)), TypeError, r"features must be"),
        (lambda: overfitting_experiment(epochs=0), ValueError, r"epochs must be >= 1, got 0"),
        (lambda: overfitting_experiment(degree=2.5), TypeError, r"degree must be an int"),
        (lambda: capacity_sweep([], repeats=1), ValueError, r"degrees must not be empty"),
    ],
)
def test_bad_arguments_are_named(call, error: type, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        call()


def test_mismatched_lengths_are_rejected() -> None:
    sample = noisy_sine_sample(5, 0.3, seed=0)
    with pytest.raises(ValueError, match=r"train and degrees must have the same length"):
        train_polynomials([sample, sample], sample, [1], epochs=3)


def test_final_coefficients_reproduce_the_final_training_loss() -> None:
    run = overfitting_experiment(epochs=50)
    predictions = legendre_features(run.train.x, run.degree) @ run.coefficients
    final = float((predictions - run.train.y).pow(2).mean())
    assert final == pytest.approx(float(run.train_loss[-1]), rel=1e-12)


def test_overfitting_figure_marks_the_computed_best_epoch() -> None:
    from matplotlib.text import Annotation

    from optguide.figures import registry
    from optguide.figures.style import THEMES, use

    module = registry.load("goals/overfitting")
    computed = module.compute()
    data = computed.run
    with use(THEMES["dark"]):
        figure = module.draw(computed, THEMES["dark"])
    (arrow,) = [c for c in figure.axes[0].get_children() if isinstance(c, Annotation)]
    assert arrow.xy == (data.best_epoch, float(data.heldout_loss[data.best_epoch]))
    assert f"epoch {data.best_epoch}" in arrow.get_text()


def test_sweeps_share_training_sets_so_their_rows_agree() -> None:
    # The goals page reuses the degree-15, n = 20 row of the capacity sweep as the n = 20 row
    # of the sample-size sweep; that is only valid if both draw the same training sets.
    from optguide.generalization import sample_size_sweep

    by_degree = capacity_sweep([15], n=20, repeats=2, epochs=30)
    by_size = sample_size_sweep([20], degree=15, repeats=2, epochs=30)
    assert torch.equal(by_degree.train_loss, by_size.train_loss)
    assert torch.equal(by_degree.heldout_loss, by_size.heldout_loss)
