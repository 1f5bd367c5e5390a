import pytest
import torch
from matplotlib.text import Annotation

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
