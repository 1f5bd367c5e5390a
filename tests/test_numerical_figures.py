import re

import torch
from matplotlib.text import Annotation

from optguide.figures import registry
from optguide.figures.style import THEMES, use


def test_step_size_figure_marks_the_divergent_run_where_the_solver_stopped_it() -> None:
    module = registry.load("numerical/step_sizes")
    data = module.compute()
    assert data.diverged == [False, False, False, True]
    # The runs below the limit end near the closed form; the one above ends far from it.
    assert data.fractions == (0.1, 0.5, 0.99, 1.01)  # the fractions the text runs
    assert all(float(d[-1]) < 1e-8 for d in data.distances[:2])
    assert len(data.distances[1]) < len(data.distances[0]) < len(data.distances[2])
    assert float(data.distances[2][-1]) < float(data.distances[2][0])
    assert float(data.distances[3][-1]) > 100.0
    with use(THEMES["light"]):
        figure = module.draw(data, THEMES["light"])
    (arrow,) = [c for c in figure.axes[0].get_children() if isinstance(c, Annotation)]
    last = data.distances[3]
    assert arrow.xy == (len(last) - 1, float(last[-1]))


def test_float_floor_figure_stops_each_precision_within_a_few_units_of_roundoff() -> None:
    module = registry.load("numerical/float_floor")
    data = module.compute()
    float32, float64 = data.distances
    u32, u64 = data.roundoffs
    assert (u32, u64) == (2.0**-24, 2.0**-53)
    assert float(float32[-1]) < 4 * u32
    assert float(float64[-1]) < 30 * u64
    assert len(float32) < len(float64)
    # The floor grows like κ·u: every measured floor below 2·κu, every nonzero one above
    # 0.01·κu (other seeds give ratios from 0, an exact landing on w*, to about 1.2).
    ratios = module._ratios(data)
    assert len(ratios) == 21 and all(r == 0.0 or 0.01 < r < 2.0 for r in ratios)
    assert module.facts(data) == {"floor_low": "0.01", "floor_high": "2"}
    # The freeze step is rounding noise: no text of the figure may print it.
    with use(THEMES["light"]):
        figure = module.draw(data, THEMES["light"])
    texts = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    texts += [c.get_text() for c in figure.axes[0].get_children() if isinstance(c, Annotation)]
    assert texts
    assert not [t for t in texts if re.search(r"\d", re.sub(r"float(32|64)", "", t))]


def test_float_floor_figure_handles_a_floor_of_exactly_zero() -> None:
    module = registry.load("numerical/float_floor")
    u32, u64 = 2.0**-24, 2.0**-53
    floors = {
        "float32": [(1.0, 0.5 * u32), (10.0, 1.5 * 10 * u32)],
        "float64": [(1.0, 0.0), (10.0, 0.05 * 10 * u64)],
    }
    path = torch.logspace(0, -7, 5)
    data = module.FloorRuns(
        names=["float32", "float64"],
        distances=[path, path],
        roundoffs=[u32, u64],
        floors=floors,
    )
    assert module.facts(data) == {"floor_low": "0.01", "floor_high": "2"}
    with use(THEMES["light"]):
        figure = module.draw(data, THEMES["light"])
    right = figure.axes[1]
    labels = [t.get_text() for t in right.get_legend().get_texts()]
    assert module.TEXT["zero"].format(name="float64") in labels
    assert module.TEXT["zero"].format(name="float32") not in labels
    (zero,) = [line for line in right.get_lines() if line.get_marker() == "v"]
    assert list(zero.get_xdata()) == [1.0] and list(zero.get_ydata()) == [0.0]
    assert all(
        float(y) > 0.0 for line in right.get_lines() if line is not zero for y in line.get_ydata()
    )
    all_zero = dict(floors, float64=[(1.0, 0.0)], float32=[(1.0, 0.0)])
    assert (
        module.facts(module.FloorRuns(data.names, data.distances, data.roundoffs, all_zero))[
            "floor_low"
        ]
        == "0"
    )


def test_kappa_figure_counts_stay_under_their_bounds_with_slopes_one_and_one_half() -> None:
    module = registry.load("numerical/iterations_vs_kappa")
    data = module.compute()
    for name in ("optimal", "simple", "cg"):
        assert all(m <= b for m, b in zip(data.counts[name], data.bounds[name], strict=True))
    assert 0.9 < data.slopes["optimal"] < 1.1 and 0.9 < data.slopes["simple"] < 1.1
    assert 0.4 < data.slopes["heavy ball"] < 0.6 and 0.4 < data.slopes["cg"] < 0.6
    assert module.facts(data)["slope_cg"] == f"{data.slopes['cg']:.2f}"


def test_flow_figure_small_steps_track_the_flow() -> None:
    data = registry.load("numerical/flow_vs_descent").compute()
    assert len(data.small) == 181  # η = 0.02 over t in [0, 3.6]
    assert float(data.times[-1]) == 3.6
    assert len(data.large) == 21  # η = 0.18 over the same span
    end_gap = torch.linalg.vector_norm(data.small[-1] - data.flow[-1])
    assert float(end_gap) < 0.01


def test_edge_of_stability_sharpness_exceeds_two_over_eta_and_then_hovers_near_it() -> None:
    module = registry.load("numerical/edge_of_stability")
    data = module.compute()
    for run in data.runs:
        assert run.measured_at[-1] == 600 and run.measured_at[module._window(run)] == 450
        assert max(run.sharpness[: run.measured_at.index(100) + 1]) > 2 / run.lr
        late = run.sharpness[run.measured_at.index(450) :]
        assert all(abs(s * run.lr / 2 - 1) < 0.05 for s in late)
        assert float(run.losses[-1]) < float(run.losses[0]) / 5
    assert module.facts(data) == {"edge_percent": "5", "window_start": "450", "steps": "600"}


def test_stiffness_cures_implicit_steps_are_stable_and_newton_lands_at_once() -> None:
    data = registry.load("numerical/stiffness_cures").compute()
    assert float(data.explicit[-1]) > 0.9  # 30 steps at (κ − 1)/(κ + 1) barely move
    for distance in data.implicit.values():
        assert bool((distance[1:] <= distance[:-1]).all())
    assert float(torch.linalg.vector_norm(data.newton[1])) < 1e-13
