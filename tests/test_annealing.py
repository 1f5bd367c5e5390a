import math

import pytest
import torch

from optguide.annealing import geometric_cooling, logarithmic_cooling, simulated_annealing
from optguide.objectives import x_cos_pi_x


def test_schedules_follow_their_formulas() -> None:
    log = logarithmic_cooling(2.0, 4)
    assert torch.allclose(
        log, torch.tensor([2 / math.log(k + 2) for k in range(4)], dtype=torch.float64)
    )
    geo = geometric_cooling(1.5, 0.5, 4)
    assert geo.tolist() == [1.5, 0.75, 0.375, 0.1875]


def test_at_a_tiny_temperature_annealing_only_goes_downhill() -> None:
    # On f(x) = x², with T ≈ 0 no accepted move may raise f.
    path = simulated_annealing(lambda x: x**2, torch.ones(200), torch.full((50,), 1e-12), 0.3)
    values = path**2
    assert bool((values[1:] <= values[:-1]).all())
    assert float(values[-1].mean()) < 0.1


def test_proposals_outside_the_interval_are_rejected() -> None:
    path = simulated_annealing(
        lambda x: -x, torch.full((500,), 0.9), torch.full((100,), 5.0), 1.0, interval=(0.0, 1.0)
    )
    assert float(path.min()) >= 0.0 and float(path.max()) <= 1.0


def test_at_a_fixed_temperature_the_chain_samples_the_gibbs_distribution() -> None:
    # f(x) = x²/2 at T = 1: the stationary law is the standard normal, variance 1.
    path = simulated_annealing(lambda x: 0.5 * x**2, torch.zeros(4000), torch.ones(300), 1.0)
    assert float(path[-1].var()) == pytest.approx(1.0, rel=0.08)


def test_slow_cooling_reaches_the_global_minimizer_of_x_cos_pi_x() -> None:
    start = torch.full((300,), -0.27385268680111036, dtype=torch.float64)
    path = simulated_annealing(
        x_cos_pi_x, start, geometric_cooling(1.0, 0.99, 1500), 0.3, interval=(-1.0, 2.0), seed=1
    )
    share = float(((path[-1] - 1.0904082219).abs() < 0.05).double().mean())
    assert share > 0.9


def test_seeded_runs_repeat() -> None:
    args = (x_cos_pi_x, torch.zeros(10), torch.ones(20), 0.1)
    assert torch.equal(simulated_annealing(*args, seed=4), simulated_annealing(*args, seed=4))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: logarithmic_cooling(0.0, 5), r"C must be a finite number > 0, got 0.0"),
        (lambda: logarithmic_cooling(1.0, 0), r"steps must be >= 1, got 0"),
        (lambda: geometric_cooling(1.0, 1.0, 5), r"ratio must be < 1 .* got 1.0"),
        (lambda: geometric_cooling(-1.0, 0.5, 5), r"t0 must be a finite number > 0, got -1.0"),
        (
            lambda: simulated_annealing(x_cos_pi_x, [0.0], [1.0, 0.0], 0.1),
            r"temperatures must be a non-empty sequence of numbers > 0",
        ),
        (
            lambda: simulated_annealing(x_cos_pi_x, [0.0], [1.0], -0.1),
            r"step_size must be a finite number > 0, got -0.1",
        ),
        (
            lambda: simulated_annealing(x_cos_pi_x, [math.nan], [1.0], 0.1),
            r"starts must be finite",
        ),
    ],
)
def test_bad_arguments_are_named(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
