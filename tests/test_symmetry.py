import pytest
import torch

from optguide.models import mlp
from optguide.symmetry import Runs, permute_hidden_units, train_from_seeds, wiggly_data


def test_a_permuted_network_computes_the_same_function_with_other_parameters() -> None:
    net = mlp([3, 5, 2], "tanh", seed=0)
    twin = permute_hidden_units(net, [4, 2, 0, 1, 3])
    x = torch.randn(16, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(net(x), twin(x), rtol=0, atol=1e-14)
    assert torch.equal(twin[0].weight[0], net[0].weight[4])
    assert torch.equal(twin[0].bias[1], net[0].bias[2])
    assert torch.equal(twin[2].weight[:, 2], net[2].weight[:, 0])
    assert torch.equal(twin[2].bias, net[2].bias)
    assert not torch.equal(twin[0].weight, net[0].weight)


def test_permuting_a_second_hidden_layer_works_in_a_deeper_network() -> None:
    net = mlp([2, 4, 3, 1], "relu", seed=1)
    twin = permute_hidden_units(net, [2, 0, 1], layer=1)
    x = torch.randn(8, 2, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(net(x), twin(x), rtol=0, atol=1e-14)
    assert torch.equal(twin[0].weight, net[0].weight)  # the first layer is untouched


def test_the_original_network_is_not_modified() -> None:
    net = mlp([1, 3, 1], seed=0)
    before = [p.clone() for p in net.parameters()]
    permute_hidden_units(net, [2, 1, 0])
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters(), strict=True))


def test_stacked_training_equals_training_one_network_alone() -> None:
    # torch.optim.Adam and autograd on the module: the reference for the stacked
    # networks' hand-written gradient and Adam step
    from optguide.landscape import parameters_of

    x, y = wiggly_data(16)
    stacked = train_from_seeds([1, 4, 1], [0, 5], x, y, steps=30, lr=0.02)
    net = mlp([1, 4, 1], seed=5)
    optimizer = torch.optim.Adam(net.parameters(), lr=0.02)
    for _ in range(30):
        optimizer.zero_grad()
        ((net(x) - y) ** 2).mean().backward()
        optimizer.step()
    with torch.no_grad():
        alone = ((net(x) - y) ** 2).mean()
    assert stacked.seeds == (0, 5)
    assert float(stacked.losses[1]) == pytest.approx(float(alone), rel=1e-9)
    grads = torch.autograd.grad(((net(x) - y) ** 2).mean(), list(net.parameters()))
    norm = torch.cat([g.flatten() for g in grads]).norm()
    assert float(stacked.gradient_norms[1]) == pytest.approx(float(norm), rel=1e-9)
    assert torch.allclose(stacked.parameters[1], parameters_of(net), rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    ("permutation", "layer", "message"),
    [
        ([0, 1, 1], 0, r"permutation must reorder range\(3\)"),
        ([0, 1], 0, r"permutation must reorder range\(3\)"),
        ([0.0, 1.0, 2.0], 0, r"permutation must reorder range\(3\)"),
        ([0, 1, 2], 1, r"layer must index a hidden layer, < 1, got 1"),
    ],
)
def test_bad_permutations_are_rejected(permutation: list[float], layer: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        permute_hidden_units(mlp([1, 3, 1], seed=0), permutation, layer=layer)


def test_sorted_runs_keep_seeds_losses_and_gradients_together() -> None:
    curves = torch.tensor([[1.0, 2.0, 3.0]])
    runs = Runs(
        (7, 8, 9),
        torch.tensor([0.3, 0.1, 0.2]),
        torch.tensor([3.0, 1.0, 2.0]),
        curves,
        curves,
        curves.T,
    ).sorted()
    assert runs.seeds == (8, 9, 7)
    assert runs.losses.tolist() == pytest.approx([0.1, 0.2, 0.3])
    assert runs.gradient_norms.tolist() == [1.0, 2.0, 3.0]


def test_models_without_a_hidden_layer_and_bad_training_input_are_rejected() -> None:
    with pytest.raises(ValueError, match="model must have a hidden layer"):
        permute_hidden_units(torch.nn.Sequential(torch.nn.Linear(2, 1)), [0])
    x, y = wiggly_data(8)
    with pytest.raises(TypeError, match="seeds must be a non-empty list"):
        train_from_seeds([1, 2, 1], [], x, y, steps=1, lr=0.1)
    with pytest.raises(ValueError, match="inputs and targets must have as many rows"):
        train_from_seeds([1, 2, 1], [0], x, y[:4], steps=1, lr=0.1)
    with pytest.raises(ValueError, match=r"sizes must be \[inputs, hidden units, outputs\]"):
        train_from_seeds([1, 2, 2, 1], [0], x, y, steps=1, lr=0.1)
    with pytest.raises(ValueError, match="inputs and targets must have 2 and 1 columns"):
        train_from_seeds([2, 2, 1], [0], x, y, steps=1, lr=0.1)


def test_parameter_loss_and_hessian_match_analytical_values() -> None:
    from optguide.landscape import converge, hessian_eigenvalues, parameter_loss, parameters_of

    # a linear "network" y = w x + b on two points: the loss is quadratic, with Hessian
    # 2/n X^T X for X = [[x, 1]]
    net = torch.nn.Sequential(torch.nn.Linear(1, 1, dtype=torch.float64))
    x = torch.tensor([[0.0], [2.0]], dtype=torch.float64)
    y = torch.tensor([[1.0], [5.0]], dtype=torch.float64)
    loss = parameter_loss(net, x, y)
    design = torch.tensor([[0.0, 1.0], [2.0, 1.0]], dtype=torch.float64)
    expected = torch.linalg.eigvalsh(design.T @ design)  # 2/n with n = 2
    assert torch.allclose(hessian_eigenvalues(loss, parameters_of(net)), expected, atol=1e-12)
    end = converge(loss, parameters_of(net))
    assert end.gradient_norm < 1e-8
    assert end.theta.tolist() == pytest.approx([2.0, 1.0], abs=1e-8)
    assert end.loss == pytest.approx(0.0, abs=1e-14)


def test_parameter_loss_is_the_models_own_loss_at_its_parameters() -> None:
    from optguide.landscape import parameter_loss, parameters_of

    x = torch.randn(10, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    y = x[:, :1] ** 2
    no_bias = torch.nn.Sequential(
        torch.nn.Linear(2, 3, bias=False, dtype=torch.float64),
        torch.nn.ReLU(),
        torch.nn.Linear(3, 1, dtype=torch.float64),
    )
    for model in (mlp([2, 4, 3, 1], "tanh", seed=2), no_bias):
        loss = parameter_loss(model, x, y)
        with torch.no_grad():
            start = parameters_of(model)
            assert loss(start) == ((model(x) - y) ** 2).mean()
            moved = start + 0.1 * torch.arange(len(start))
            torch.nn.utils.vector_to_parameters(moved, model.parameters())
            assert loss(moved) == ((model(x) - y) ** 2).mean()  # the model, moved to θ


def test_snapshot_and_target_stop() -> None:
    x, y = wiggly_data(16)
    runs = train_from_seeds([1, 4, 1], [0, 1], x, y, steps=50, lr=0.02, snapshot=10)
    assert runs.snapshot is not None and runs.snapshot.shape == runs.parameters.shape
    assert runs.loss_curves.shape == (51, 2)
    early = train_from_seeds([1, 4, 1], [0, 1], x, y, steps=10, lr=0.02)
    assert torch.equal(early.parameters, runs.snapshot)
    stop = train_from_seeds([1, 4, 1], [0], x, y, steps=50, lr=0.02, target=10.0)
    assert stop.loss_curves.shape == (1, 1)
    with pytest.raises(TypeError, match="seeds"):
        train_from_seeds([1, 2, 1], 5, x, y, steps=1, lr=0.1)  # type: ignore[arg-type]


def test_rescaling_a_relu_unit_keeps_the_function_and_slices_are_exact() -> None:
    from optguide.landscape import line_slice, parameters_of, rescale_unit

    net = mlp([1, 3, 1], "relu", seed=0)
    twin = rescale_unit(net, 1, 4.0)
    x = torch.linspace(-1, 1, 9, dtype=torch.float64)[:, None]
    with torch.no_grad():
        assert torch.allclose(net(x), twin(x), rtol=0, atol=1e-14)
        assert torch.equal(twin[0].weight[1], 4.0 * net[0].weight[1])
    # on a quadratic, the slice is the quadratic in alpha
    values = line_slice(lambda t: (t**2).sum(), [0.0, 0.0], [1.0, 2.0], [0.0, 0.5, 2.0])
    assert values.tolist() == pytest.approx([0.0, 1.25, 20.0])
    with pytest.raises(ValueError, match="unit must be < 3"):
        rescale_unit(net, 3, 2.0)
    with pytest.raises(ValueError, match="a must be"):
        rescale_unit(net, 0, -1.0)
    with pytest.raises(ValueError, match="Linear, ReLU, Linear"):
        rescale_unit(mlp([1, 3, 1], "tanh", seed=0), 0, 2.0)
    assert parameters_of(twin).shape == (10,)


def test_landscape_helpers_reject_bad_arguments() -> None:
    from optguide.landscape import converge, hessian_eigenvalues, line_slice, parameter_loss
    from optguide.symmetry import width_experiment

    with pytest.raises(TypeError, match="loss must be a function"):
        hessian_eigenvalues(3, [0.0])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="loss must be a function"):
        converge(None, [0.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="start and end must have one shape"):
        line_slice(lambda t: t.sum(), [0.0], [0.0, 1.0], [0.5])
    with pytest.raises(TypeError, match=r"model must be a torch\.nn\.Sequential"):
        parameter_loss("net", [[0.0]], [[0.0]])  # type: ignore[arg-type]
    normed = torch.nn.Sequential(torch.nn.Linear(1, 2), torch.nn.LayerNorm(2))
    with pytest.raises(ValueError, match="parameters must all be in Linear layers"):
        parameter_loss(normed, [[0.0]], [[0.0]])
    with pytest.raises(ValueError, match="target must be"):
        width_experiment(target=-1.0)
    with pytest.raises(TypeError, match="widths must be"):
        width_experiment(widths=8)  # type: ignore[arg-type]


def test_width_figure_facts_count_plateaus_settling_and_a_bad_minimum() -> None:
    # Three width-2 runs, no training: run 0 is on a plateau at the snapshot and never
    # leaves it (it ends at a bad minimum), runs 1 and 2 settle at steps 250 and 301.
    from types import SimpleNamespace

    from optguide.figures.local_minima.widths import facts

    steps = torch.arange(1501, dtype=torch.float64)[:, None]
    curves = torch.cat(
        [torch.full_like(steps, 0.15), 0.019 + 0.1 * (steps < 250), 0.019 + 0.1 * (steps < 301)],
        dim=1,
    )
    narrow = SimpleNamespace(seeds=(0, 1, 2), loss_curves=curves, losses=curves[-1])
    study = SimpleNamespace(
        narrow=narrow,
        early=torch.tensor([[-1e-3, 1.0], [1e-3, 1.0], [2e-3, 1.0]], dtype=torch.float64),
        converged=[SimpleNamespace(loss=v) for v in (0.1433, 0.0179495, 0.0179495)],
    )
    assert facts(study) == {  # type: ignore[arg-type]
        "seeds": "3",
        "plateau_count": "1",
        "settled_count": "2",
        "settled_by": "400",
        "plateau_left": "0",
        "converged_loss": "0.0179",
        "converged_same": "2",
    }
