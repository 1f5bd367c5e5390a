import math

import pytest
import torch

from optguide.validation import (
    as_finite_tensor,
    as_samples,
    check_bool,
    check_int,
    check_interval,
    check_positive,
    check_probability,
    check_seed,
    check_sequence,
)


@pytest.mark.parametrize("value", [0, -0.1, math.inf, math.nan])
def test_check_positive_rejects_values_that_are_not_positive(value: float) -> None:
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0, got"):
        check_positive("lr", value)


@pytest.mark.parametrize("value", ["0.1", None, True])
def test_check_positive_rejects_non_numbers(value: object) -> None:
    with pytest.raises(TypeError, match="lr must be a real number"):
        check_positive("lr", value)


def test_check_positive_returns_a_float() -> None:
    assert check_positive("lr", 1) == 1.0


def test_check_int_names_the_argument_and_value() -> None:
    with pytest.raises(ValueError, match=r"steps must be >= 1, got 0"):
        check_int("steps", 0)
    with pytest.raises(TypeError, match=r"steps must be an integer, got 2.5"):
        check_int("steps", 2.5)
    assert check_int("steps", 3) == 3


def test_check_probability_bounds() -> None:
    assert check_probability("p", 0) == 0.0
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\], got 1.5"):
        check_probability("p", 1.5)


@pytest.mark.parametrize(
    ("interval", "error"),
    [
        ((1.0, 0.0), ValueError),
        ((0.0, math.inf), ValueError),
        ((0.0,), TypeError),
        ("ab", TypeError),
    ],
)
def test_check_interval_rejects_bad_intervals(interval: object, error: type) -> None:
    with pytest.raises(error, match="interval"):
        check_interval("interval", interval)


def test_as_finite_tensor_checks_rank_and_finiteness() -> None:
    assert as_finite_tensor("theta0", [1, 2]).dtype == torch.float64
    with pytest.raises(ValueError, match=r"theta0 must have 1 dimension\(s\), got shape \(2, 1\)"):
        as_finite_tensor("theta0", [[1.0], [2.0]], ndim=1)
    with pytest.raises(ValueError, match="theta0 must be finite"):
        as_finite_tensor("theta0", torch.tensor([1.0, math.nan]))
    with pytest.raises(TypeError, match="theta0 must be"):
        as_finite_tensor("theta0", "1.0")


def test_as_finite_tensor_copies_and_detaches() -> None:
    original = torch.ones(2, requires_grad=True)
    copy = as_finite_tensor("theta0", original)
    assert not copy.requires_grad
    copy += 1
    assert original.detach().tolist() == [1.0, 1.0]


def test_as_samples_names_both_shapes_when_the_rows_disagree() -> None:
    X, y = as_samples([[1.0, 2.0], [3.0, 4.0]], [5.0, 6.0])
    assert (X.shape, y.shape) == ((2, 2), (2,))
    with pytest.raises(ValueError, match=r"same number of rows, got X \(2, 2\) and y \(3,\)"):
        as_samples([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"y must have 1 dimension"):
        as_samples([[1.0]], [[1.0]])
    with pytest.raises(ValueError, match=r"^features and targets .* got features \(2, 2\) and"):
        as_samples([[1.0, 2.0], [3.0, 4.0]], [1.0], names=("features", "targets"))


def test_a_seed_is_an_int_at_least_zero() -> None:
    assert check_seed("seed", 0) == 0
    with pytest.raises(ValueError, match=r"seed must be >= 0, got -1"):
        check_seed("seed", -1)
    for bad in (None, 1.0, math.nan, "0", True):
        with pytest.raises(TypeError, match=r"seed must be an integer"):
            check_seed("seed", bad)


def test_a_sequence_given_a_number_names_the_argument() -> None:
    assert check_sequence("batch_sizes", range(1, 3), check_int) == (1, 2)
    for bad in (5, 5.0, None, "15", torch.ones(2)):
        with pytest.raises(TypeError, match=r"batch_sizes must be a list or tuple"):
            check_sequence("batch_sizes", bad)
    with pytest.raises(ValueError, match=r"batch_sizes must not be empty"):
        check_sequence("batch_sizes", [])
    with pytest.raises(ValueError, match=r"batch_sizes\[1\] must be >= 1, got 0"):
        check_sequence("batch_sizes", (4, 0), check_int)


def test_a_flag_is_true_or_false() -> None:
    assert check_bool("residual", False) is False
    for bad in (0, 1, None, "yes"):
        with pytest.raises(TypeError, match=r"residual must be True or False"):
            check_bool("residual", bad)
