import pytest
import torch
from torch import nn

from optguide.gradient_flow import (
    deep_network,
    gradient_norms_at_init,
    layer_gradient_norms,
    probe_batch,
)


def test_initializations_have_the_textbook_variances() -> None:
    width = 256
    expected = {"default": 1 / (3 * width), "glorot": 2 / (2 * width), "he": 2 / width}
    for init, variance in expected.items():
        network = deep_network(3, width, "relu", init)
        weights = torch.cat([layer.weight.detach().flatten() for layer in network.layers])
        assert float(weights.var()) == pytest.approx(variance, rel=0.02), init
        if init != "default":
            assert all(not layer.bias.detach().any() for layer in network.layers)


def test_same_seed_same_network_and_global_rng_untouched() -> None:
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a = deep_network(4, 8, "tanh", "glorot", seed=7)
    b = deep_network(4, 8, "tanh", "glorot", seed=7)
    assert torch.equal(torch.rand(1), before)
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(pa, pb)
    assert not torch.equal(a.layers[0].weight, deep_network(4, 8, seed=8).layers[0].weight)


def test_gradient_norms_match_a_hand_written_backward_pass() -> None:
    # One hidden linear-tanh layer: ∂L/∂W1 = (tanh'(z) ⊙ ∂L/∂h) xᵀ with ∂L/∂h = w2ᵀ ∂L/∂out.
    network = deep_network(1, 5, "tanh", "glorot", seed=3)
    inputs, targets = probe_batch(5, n=7)
    z = network.layers[0](inputs)
    h = torch.tanh(z)
    out = network.head(h)
    d_out = 2 * (out - targets) / len(inputs)
    d_z = (d_out @ network.head.weight) * (1 - h**2)
    by_hand = float((d_z.T @ inputs).norm().detach())
    assert layer_gradient_norms(network, inputs, targets) == [pytest.approx(by_hand, rel=1e-12)]


def test_residual_block_adds_the_layer_to_its_input() -> None:
    network = deep_network(1, 4, "relu", "he", residual=True, seed=1)
    x = torch.randn(3, 4, dtype=torch.float64)
    expected = network.head(x + torch.relu(network.layers[0](x)))
    assert torch.allclose(network(x), expected)


def test_normalized_pre_activations_have_zero_mean_and_unit_variance() -> None:
    network = deep_network(1, 16, "relu", normalize=True, residual=False)
    captured: list[torch.Tensor] = []
    network.activation.register_forward_hook(lambda _m, args, _out: captured.append(args[0]))
    network(probe_batch(16, n=5)[0])
    z = captured[0]
    assert torch.allclose(z.mean(dim=1), torch.zeros(5, dtype=torch.float64), atol=1e-12)
    assert torch.allclose(
        z.var(dim=1, unbiased=False), torch.ones(5, dtype=torch.float64), atol=1e-4
    )


def test_sigmoid_gradients_vanish_and_he_relu_gradients_do_not() -> None:
    sigmoid = gradient_norms_at_init(20, 64, "sigmoid", "glorot")
    relu = gradient_norms_at_init(20, 64, "relu", "he")
    assert len(sigmoid) == len(relu) == 20
    # σ' ≤ 1/4: the gradient loses about a factor 4 per layer, so at least 4^-19 / 10 here.
    assert sigmoid[0] / sigmoid[-1] < 1e-10
    assert 0.2 < relu[0] / relu[-1] < 5.0


def test_residual_connections_flatten_a_deep_tanh_network() -> None:
    plain = gradient_norms_at_init(30, 32, "tanh")
    residual = gradient_norms_at_init(30, 32, "tanh", residual=True)
    assert plain[0] / plain[-1] < 1e-5
    assert 0.1 < residual[0] / residual[-1] < 10.0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"depth": 0}, ValueError, "depth must be >= 1, got 0"),
        ({"width": 2.0}, TypeError, "width must be an integer, got 2.0"),
        ({"activation": "gelu"}, ValueError, "activation must be one of .* got 'gelu'"),
        ({"init": "orthogonal"}, ValueError, "init must be one of .* got 'orthogonal'"),
        ({"seed": -1}, ValueError, "seed must be >= 0, got -1"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], error: type, message: str) -> None:
    arguments: dict[str, object] = {"depth": 3, "width": 4} | kwargs
    with pytest.raises(error, match=message):
        deep_network(**arguments)  # type: ignore[arg-type]


def test_batches_of_the_wrong_shape_are_rejected() -> None:
    network = deep_network(2, 4)
    inputs, targets = probe_batch(4, n=3)
    with pytest.raises(ValueError, match=r"inputs must have shape \(n, 4\), got \(3, 5\)"):
        layer_gradient_norms(network, torch.zeros(3, 5, dtype=torch.float64), targets)
    with pytest.raises(ValueError, match=r"targets must have shape \(3, 1\)"):
        layer_gradient_norms(network, inputs, torch.zeros(3, dtype=torch.float64))
    assert isinstance(network, nn.Module)
