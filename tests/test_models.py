import pytest
import torch

from optguide.models import mlp, parameter_count


def test_mlp_shape_and_parameter_count() -> None:
    model = mlp([3, 5, 2], activation="relu", seed=1)
    assert parameter_count(model) == (3 * 5 + 5) + (5 * 2 + 2)
    assert model(torch.zeros(4, 3, dtype=torch.float64)).shape == (4, 2)
    assert isinstance(model[1], torch.nn.ReLU)
    assert len(model) == 3


def test_mlp_is_reproducible_and_leaves_the_global_generator_alone() -> None:
    torch.manual_seed(123)
    expected_next = torch.rand(1)
    torch.manual_seed(123)
    first = mlp([2, 4, 1], seed=7)
    assert torch.rand(1) == expected_next
    second = mlp([2, 4, 1], seed=7)
    for a, b in zip(first.parameters(), second.parameters(), strict=True):
        assert torch.equal(a, b)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([3],), {}, "sizes must list at least"),
        (([3, 0, 1],), {}, r"sizes\[i\] must be >= 1, got 0"),
        (([3, 1],), {"activation": "gelu"}, "activation must be one of"),
        (([3, 1],), {"seed": -1}, "seed must be >= 0"),
    ],
)
def test_bad_arguments_are_named(args: tuple, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mlp(*args, **kwargs)
