import json
import math

import pytest
import torch
from matplotlib.text import Annotation

from conftest import Build
from optguide.figures import registry
from optguide.figures.style import THEMES, use
from optguide.saturation import sigmoid_derivative, tanh_derivative


def _annotations(name: str) -> tuple[object, list[Annotation]]:
    module = registry.load(name)
    data = module.compute()
    with use(THEMES["dark"]):
        figure = module.draw(data, THEMES["dark"])
    found = [a for axes in figure.axes for a in axes.get_children() if isinstance(a, Annotation)]
    return data, found


def test_saturation_annotations_sit_at_the_computed_values() -> None:
    data, arrows = _annotations("vanishing_gradients/saturation")
    points = {arrow.get_text(): arrow.xy for arrow in arrows}
    four, zero = (torch.tensor(v, dtype=torch.float64) for v in (4.0, 0.0))
    assert points[r"$\tanh'(4) \approx 0.0013$"] == pytest.approx(
        (4.0, float(tanh_derivative(four)))
    )
    assert points[r"$\mathrm{sigmoid}'(0) = 1/4$"] == pytest.approx(
        (0.0, float(sigmoid_derivative(zero)))
    )
    end = float(data.paths[4.0][-1])  # type: ignore[attr-defined]
    assert points[f"moved {4.0 - end:.3f}"] == pytest.approx(
        (end, float(torch.tanh(torch.tensor(end))))
    )


def test_cliff_annotation_points_at_the_steepest_sample_next_to_the_wall() -> None:
    data, arrows = _annotations("vanishing_gradients/cliff")
    (arrow,) = arrows
    x, y = arrow.xy
    assert y == pytest.approx(float(data.slope.max()))  # type: ignore[attr-defined]
    assert abs(x - data.wall) < 1e-5  # type: ignore[attr-defined]
    assert y > 1e6


def test_layer_gradient_figure_has_one_log_panel_per_activation() -> None:
    module = registry.load("vanishing_gradients/layer_gradients")
    data = module.compute()
    assert list(data) == ["sigmoid", "tanh", "relu"]
    assert all(len(norms) == 20 for by_init in data.values() for norms in by_init.values())
    with use(THEMES["light"]):
        figure = module.draw(data, THEMES["light"])
    assert [axes.get_yscale() for axes in figure.axes] == ["log"] * 3
    # The alt text: by how many orders of magnitude each line falls toward the input.
    facts = module.facts(data)
    low, high = (int(x) for x in facts["sigmoid_orders"].split(" to "))
    falls = {
        activation: {init: math.log10(n[-1] / n[0]) for init, n in by_init.items()}
        for activation, by_init in data.items()
    }
    sigmoid = sorted(falls["sigmoid"].values())
    assert (low, high) == (round(sigmoid[0]), round(sigmoid[-1]))
    for activation in ("tanh", "relu"):
        stated = int(facts[f"{activation}_default_orders"])
        assert abs(falls[activation]["default"] - stated) <= 0.5
        assert stated >= 2  # "rises by several orders of magnitude"


def test_remedies_facts_round_the_plain_networks_falls() -> None:
    module = registry.load("vanishing_gradients/remedies")
    plain = {"sigmoid": [2e-42, 1.0], "tanh": [1e-10, 1.0], "relu": [1e-18, 0.5]}
    data = {name: {"plain": norms, "residual": [1.0, 1.0]} for name, norms in plain.items()}
    assert module.facts(data) == {"plain_orders": "10 to 42"}


def test_clipping_figure_caps_diverged_losses_and_marks_where_they_stopped() -> None:
    module = registry.load("vanishing_gradients/clipping")
    data = module.compute()
    stopped = [run.diverged_at for run in data["plain"]]
    assert all(step is not None for step in stopped)  # every unclipped seed diverges
    assert all(run.diverged_at is None for run in data["clipped"] + data["small"])
    with use(THEMES["light"]):
        figure = module.draw(data, THEMES["light"])
    heights = [max(line.get_ydata()) for axes in figure.axes for line in axes.get_lines()]
    assert max(heights) <= module.CAP
    crosses = [line for line in figure.axes[0].get_lines() if line.get_marker() == "x"]
    assert sorted(int(line.get_xdata()[0]) for line in crosses) == sorted(stopped)
    facts = module.facts(data)
    assert facts["diverged_steps"] == f"{min(stopped)} to {max(stopped)}"
    # The alt text: the runs that did not diverge start at the first_loss and first_norm
    # ranges, the same in every setting of a seed, fall below 1, and end at the last_norm
    # range, above the threshold; the unclipped runs' norms leave the plot.
    kept = data["clipped"] + data["small"]
    for key, values in {
        "first_loss": [run.losses[0] for run in kept],
        "first_norm": [run.grad_norms[0] for run in kept],
        "last_norm": [run.grad_norms[-1] for run in kept],
    }.items():
        low, high = (float(x) for x in facts[key].split(" to "))
        assert low == pytest.approx(min(values), abs=0.051) and high == pytest.approx(
            max(values), abs=0.051
        )
    for runs in zip(*data.values(), strict=True):
        assert (
            len({run.losses[0] for run in runs}) == len({run.grad_norms[0] for run in runs}) == 1
        )
    assert all(run.losses[-1] < 1 for run in kept)
    assert min(run.grad_norms[-1] for run in kept) > module.MAX_NORM
    assert all(max(run.grad_norms) > module.CAP for run in data["plain"])


def test_gating_figure_marks_each_solved_run_where_it_stopped() -> None:
    from optguide.gating import MemoryRun

    module = registry.load("vanishing_gradients/gating")
    solved, failed = MemoryRun([0, 25], [1.0, 0.05], True), MemoryRun([0, 300], [1.0, 0.9], False)
    runs = {(name, S): [solved, failed] for name in module.TRAINED for S in module.LENGTHS}
    ratios = {name: [1.0] * len(module.GRADIENT_LENGTHS) for name in module.NETWORKS}
    with use(THEMES["dark"]):
        figure = module.draw(module.Gating(ratios, runs), THEMES["dark"])
    for axes in figure.axes[1:]:
        dots = [line for line in axes.get_lines() if line.get_linestyle() == "None"]
        assert len(dots) == len(module.TRAINED)
        assert all(tuple(line.get_xydata()[0]) == (25.0, 0.05) for line in dots)
    assert module.facts(module.Gating(ratios, runs))["solved_lstm3_30"] == "1"


def test_gating_facts_hold_what_the_page_says_of_them(built_site: Build) -> None:
    # The prose reads the table: every network learns at S = 5; at S = 30 only the LSTM
    # with b_r = 3 learns from every seed, the tanh network and the b_r = 1 LSTM from none,
    # and the tanh network with W = Q from some seeds and not others.
    record = built_site.site / "figures" / "vanishing_gradients" / "gating.json"
    facts = {key: int(value) for key, value in json.loads(record.read_text())["facts"].items()}
    seeds = facts["seeds"]
    assert all(facts[f"solved_{name}_5"] == seeds for name in ("tanh", "orthogonal", "lstm1"))
    assert facts["solved_lstm3_5"] == facts["solved_lstm3_30"] == seeds
    assert facts["solved_tanh_30"] == facts["solved_lstm1_30"] == 0
    assert 0 < facts["solved_orthogonal_30"] < seeds
