"""Argument checks shared by the package's public functions.

Bad input should fail loudly and say which argument was wrong and what it held, instead of
producing a NaN three calls later. Every check raises ValueError or TypeError with the
argument's name and value in the message.
"""

import math
from collections.abc import Callable, Sequence
from numbers import Integral, Real

import torch

__all__ = [
    "as_finite_tensor",
    "as_samples",
    "check_bool",
    "check_callable",
    "check_int",
    "check_interval",
    "check_positive",
    "check_probability",
    "check_seed",
    "check_sequence",
]


def check_positive(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite real number greater than zero."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return number


def check_probability(name: str, value: object) -> float:
    """Return ``value`` as a float if it lies in the closed interval [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value!r}")
    return number


def check_int(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` if it is an integer no smaller than ``minimum``."""
    if isinstance(minimum, bool) or not isinstance(minimum, Integral):
        raise TypeError(f"minimum must be an integer, got {minimum!r}")
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return int(value)


def check_seed(name: str, value: object) -> int:
    """Return ``value`` if it is a seed: an integer >= 0 (what ``torch.manual_seed`` takes)."""
    return check_int(name, value, minimum=0)


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` if it is True or False (not 0, 1 or a string)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


def check_callable(name: str, value: object) -> Callable[..., object]:
    """Return ``value`` if it can be called (a function of the parameters, say)."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {value!r}")
    return value


def check_sequence(
    name: str, value: object, check: Callable[[str, object], object] | None = None
) -> tuple[object, ...]:
    """Return ``value`` as a non-empty tuple if it is a list, tuple or range.

    A number, a string, a tensor or None raises TypeError naming the argument (rather than
    "'int' object is not iterable" later); ``check(f"{name}[i]", item)``, when given, checks
    each item.
    """
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a list or tuple, got {value!r}")
    if len(value) == 0:
        raise ValueError(f"{name} must not be empty, got {value!r}")
    if check is not None:
        check_callable("check", check)
        for index, item in enumerate(value):
            check(f"{name}[{index}]", item)
    return tuple(value)


def check_interval(name: str, interval: object) -> tuple[float, float]:
    """Return ``interval`` as ``(lo, hi)`` if it is a pair of finite numbers with lo < hi."""
    if not isinstance(interval, tuple | list) or len(interval) != 2:
        raise TypeError(f"{name} must be a pair (lo, hi), got {interval!r}")
    lo, hi = interval
    for bound in (lo, hi):
        if isinstance(bound, bool) or not isinstance(bound, Real):
            raise TypeError(f"{name} must hold two real numbers, got {interval!r}")
        if not math.isfinite(float(bound)):
            raise ValueError(f"{name} must hold finite numbers, got {interval!r}")
    if not float(lo) < float(hi):
        raise ValueError(f"{name} must satisfy lo < hi, got {interval!r}")
    return float(lo), float(hi)


def as_finite_tensor(
    name: str, value: object, *, ndim: int | None = None, dtype: torch.dtype = torch.float64
) -> torch.Tensor:
    """Return ``value`` as a floating-point tensor, checking its rank and that it is finite.

    Numbers, sequences and tensors are accepted. The result is a new tensor detached from any
    graph, so callers may differentiate through it without touching the caller's data.
    """
    if ndim is not None:
        check_int("ndim", ndim, minimum=0)
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating-point torch dtype, got {dtype!r}")
    if isinstance(value, torch.Tensor):
        tensor = value.detach().to(dtype).clone()
    elif isinstance(value, Real | list | tuple) and not isinstance(value, bool):
        try:
            tensor = torch.tensor(value, dtype=dtype)
        except (TypeError, ValueError) as error:
            raise TypeError(f"{name} must be numeric, got {value!r}") from error
    else:
        raise TypeError(f"{name} must be a number, a sequence or a tensor, got {value!r}")
    if ndim is not None and tensor.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {tuple(tensor.shape)}")
    if not bool(torch.isfinite(tensor).all()):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return tensor


def as_samples(
    X: object, y: object, names: tuple[str, str] = ("X", "y")
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``X`` (n, d) and ``y`` (n,) as finite float64 tensors with n rows each.

    ``names`` are the caller's names for the two arguments, used in the errors. A mismatch
    found here is cheaper than a broadcast that silently builds an (n, n) matrix later.
    """
    pair = isinstance(names, tuple) and len(names) == 2
    if not pair or not all(isinstance(name, str) for name in names):
        raise TypeError(f"names must be a tuple of two strings, got {names!r}")
    x_name, y_name = names
    X_t = as_finite_tensor(x_name, X, ndim=2)
    y_t = as_finite_tensor(y_name, y, ndim=1)
    if X_t.shape[0] != y_t.shape[0]:
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of rows, got {x_name} "
            f"{tuple(X_t.shape)} and {y_name} {tuple(y_t.shape)}"
        )
    return X_t, y_t
