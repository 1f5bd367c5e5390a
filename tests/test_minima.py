import math

import pytest
import torch

from optguide.minima import (
    basin_boundaries,
    basins,
    descend_many,
    escape_experiment,
    escape_repeats,
    nearest_minimizer,
    settle,
    well_depth,
)
from optguide.objectives import x_cos_pi_x
from optguide.stationary import global_minimizer

INTERVAL = (-1.0, 2.0)
MAXIMIZER = 0.2738526868
SHALLOW = -MAXIMIZER  # the shallow local minimizer: x cos(πx) is odd


def test_descend_many_matches_the_closed_form_on_a_parabola() -> None:
    # On f(x) = a x² / 2 each step multiplies x by (1 − η a), for every run independently.
    a, lr = 3.0, 0.1
    path = descend_many(lambda x: 0.5 * a * x**2, [1.0, -2.0, 0.5], lr, 10)
    assert path.shape == (11, 3)
    expected = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64) * (1 - lr * a) ** 10
    assert torch.allclose(path[-1], expected, rtol=1e-12)


def test_noise_is_seeded_and_has_the_requested_size() -> None:
    # On f = 0 the path is a random walk with steps −η σ ξ: its increments have std η σ.
    flat = lambda x: 0.0 * x  # noqa: E731
    one = descend_many(flat, torch.zeros(20000), 0.1, 1, noise=2.0, seed=3)
    two = descend_many(flat, torch.zeros(20000), 0.1, 1, noise=2.0, seed=3)
    assert torch.equal(one, two)
    assert float(one[-1].std()) == pytest.approx(0.2, rel=0.03)


def test_projection_keeps_iterates_in_the_interval() -> None:
    # f(x) = −x pushes every run to the right; the projection stops it at the upper end.
    path = descend_many(lambda x: -x, [0.0, 1.5], 1.0, 5, interval=(-1.0, 2.0))
    assert torch.equal(path[-1], torch.tensor([2.0, 2.0], dtype=torch.float64))


def test_plain_descent_does_not_leave_a_minimizer() -> None:
    path = descend_many(x_cos_pi_x, [-0.27385268680111036], 0.05, 200)
    assert float(path[-1, 0]) == pytest.approx(-0.2738526868, abs=1e-9)


def test_basins_of_x_cos_pi_x_split_at_the_local_maximizer() -> None:
    grid = basins(x_cos_pi_x, INTERVAL, lr=0.05, steps=400, grid=1201)
    assert grid.minimizers == pytest.approx((-0.2738526868, 1.0904082219), abs=1e-9)
    (boundary,) = basin_boundaries(grid.starts, grid.labels)
    spacing = 3.0 / 1200
    assert abs(boundary - MAXIMIZER) <= spacing / 2
    assert bool((grid.labels[grid.starts < MAXIMIZER] == 0).all())
    assert bool((grid.labels[grid.starts > MAXIMIZER] == 1).all())


def test_a_step_above_two_over_the_curvature_makes_the_global_minimizer_repel() -> None:
    # f''(1.0904) = 12.09, so η = 0.3 > 2/12.09 and only the flatter minimizer attracts.
    grid = basins(x_cos_pi_x, INTERVAL, lr=0.3, steps=400, grid=301)
    assert bool((grid.labels == 0).all())


def test_a_run_counts_at_a_minimizer_once_its_last_two_iterates_are_near_it() -> None:
    # The run from x_0 = −1 first comes within 1e-3 of the minimizer −0.274 at some step m:
    # a budget of m steps leaves it one iterate near, not yet counted; m + 1 counts it.
    def label(steps: int) -> int:
        return int(basins(x_cos_pi_x, INTERVAL, lr=0.05, steps=steps, grid=301).labels[0])

    path = descend_many(x_cos_pi_x, [INTERVAL[0]], 0.05, 400, interval=INTERVAL)[:, 0]
    near = (path - SHALLOW).abs() <= 1e-3
    arrival = int(near.int().argmax())
    assert arrival > 1 and bool(near[arrival:].all())
    assert (label(arrival), label(arrival + 1)) == (-1, 0)


def test_nearest_minimizer_labels_and_rejects() -> None:
    labels = nearest_minimizer([0.0, 0.9995, 0.5], [0.0, 1.0], tol=1e-3)
    assert labels.tolist() == [0, 1, -1]
    with pytest.raises(ValueError, match="minimizers must hold at least one point"):
        nearest_minimizer([0.0], [])


def test_settle_sends_points_to_the_minimizer_of_their_basin() -> None:
    labels = settle(x_cos_pi_x, [-0.9, 0.25, 0.3, 1.9], (-0.27385, 1.09041), INTERVAL)
    assert labels.tolist() == [0, 0, 1, 1]


def test_well_depth_is_the_climb_to_the_local_maximizer() -> None:
    # f(±0.27385) = ±0.17860, so the shallow well is 2 × 0.17860 deep.
    assert well_depth(x_cos_pi_x, INTERVAL) == pytest.approx(2 * 0.1786025115, abs=1e-9)
    # On [−1, 3.5] the middle well (−1.0467 at 1.0904) must climb to the maximizer near
    # 2.0491 (value 2.0248) to reach the deeper valley at 3.0333; that is the deepest climb.
    assert well_depth(x_cos_pi_x, (-1.0, 3.5)) == pytest.approx(2.0247704417 + 1.0467211247)
    # (x² − 1)² has two wells of equal depth: neither is non-global, so there is no d*.
    with pytest.raises(ValueError, match="no non-global local minimizer"):
        well_depth(lambda x: (x**2 - 1) ** 2, (-2.0, 2.0))


def test_escape_repeats_are_independent_batches_of_the_same_experiment() -> None:
    first, second = escape_repeats(2, runs=50, steps=200)
    assert [r.method for r in first] == [r.method for r in second]
    assert first[0].over_time.equal(second[0].over_time), "plain descent has no noise"
    assert not first[2].over_time.equal(second[2].over_time), "noisy runs differ by batch"
    alone = escape_experiment(runs=50, steps=200)
    assert [r.fraction for r in alone] == [
        r.fraction for r in escape_repeats(1, runs=50, steps=200)[0]
    ]


def test_escape_experiment_plain_descent_never_escapes() -> None:
    results = {r.method: r for r in escape_experiment(runs=50, steps=200)}
    assert results["gradient descent"].fraction == 0.0
    assert results["gradient descent"].mean_value == pytest.approx(-0.1786025115, abs=1e-9)
    assert results["noisy GD, σ = 3"].fraction > 0.5
    assert all(0.0 <= r.fraction <= 1.0 for r in results.values())


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": 0.0}, ValueError, r"lr must be a finite number > 0, got 0.0"),
        ({"steps": 0}, ValueError, r"steps must be >= 1, got 0"),
        ({"noise": -1.0}, ValueError, r"noise must be a finite number > 0, got -1.0"),
        ({"starts": [math.inf]}, ValueError, r"starts must be finite"),
        ({"starts": [[0.0]]}, ValueError, r"starts must have 1 dimension"),
        ({"interval": (2.0, 1.0)}, ValueError, r"interval must satisfy lo < hi"),
    ],
)
def test_descend_many_names_bad_arguments(
    kwargs: dict[str, object], error: type, message: str
) -> None:
    arguments: dict[str, object] = {"starts": [0.0], "lr": 0.1, "steps": 3} | kwargs
    with pytest.raises(error, match=message):
        descend_many(x_cos_pi_x, **arguments)  # type: ignore[arg-type]


def test_divergence_is_reported() -> None:
    # x ← x − 100 x = −99 x: |x_t| = 99^t first overflows at t = 155 (99^154 < 1.8e308)
    with pytest.raises(ValueError, match=r"diverged at step 155 with lr=1\.0"):
        descend_many(lambda x: 50.0 * x**2, [1.0], 1.0, 2000)


def test_basins_need_a_minimizer_and_boundaries_need_matching_shapes() -> None:
    with pytest.raises(ValueError, match="no interior local minimizer"):
        basins(lambda x: x, (0.0, 1.0), lr=0.1, steps=2)
    with pytest.raises(ValueError, match="starts and labels must be 1-D of one length"):
        basin_boundaries(torch.zeros(3), torch.zeros(4))


def test_kramers_time_matches_the_formula_and_rejects_bad_points() -> None:
    import math

    from optguide.minima import kramers_steps
    from optguide.stationary import StationaryPoint

    a = StationaryPoint(0.0, 0.0, 4.0, "local minimizer")
    b = StationaryPoint(1.0, 0.5, -1.0, "local maximizer")
    # T = 0.1 * 2**2 / 2 = 0.2, k = sqrt(4 * 1) / (2 pi) * exp(-0.5 / 0.2)
    rate = 2 / (2 * math.pi) * math.exp(-2.5)
    assert kramers_steps(a, b, sigma=2.0, lr=0.1) == pytest.approx(1 / (rate * 0.1), rel=1e-12)
    with pytest.raises(TypeError, match="barrier"):
        kramers_steps(a, a, sigma=1.0, lr=0.1)
    with pytest.raises(ValueError, match="sigma"):
        kramers_steps(a, b, sigma=-1.0, lr=0.1)


def test_minibatch_escape_settles_exactly_at_the_global_minimizer() -> None:
    from optguide.minima import minibatch_escape

    # the noise ω_i (x − x_g) vanishes at x_g, so a run that crossed comes to rest on the
    # minimizer itself: with every run across, the mean final value is the minimum
    first, second = minibatch_escape(2, runs=50, steps=1000)
    minimum = global_minimizer(x_cos_pi_x, (-1.0, 2.0))[1]
    for batch in (first, second):
        assert batch.fraction == 1.0
        assert batch.mean_value == pytest.approx(minimum, abs=1e-12)
    assert not first.over_time.equal(second.over_time), "each batch its own data and draws"
    again = minibatch_escape(2, runs=50, steps=1000)[1]
    assert second.over_time.equal(again.over_time), "seeded"
    (weak,) = minibatch_escape(sigma=0.5, runs=50, steps=1000)
    assert weak.fraction == 0.0  # too little noise to cross the barrier
    with pytest.raises(TypeError, match="n"):
        minibatch_escape(n=2.5)  # type: ignore[arg-type]
