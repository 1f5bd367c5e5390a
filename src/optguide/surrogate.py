"""A surrogate loss: minimize cross-entropy, judge by the 0–1 error.

The error we care about in classification, the fraction of wrong labels, has a zero
gradient almost everywhere, so we minimize the logistic cross-entropy instead
(``logistic_regression.logistic_risk``) and count mistakes only to judge the result. On
data that a hyperplane separates, the training 0–1 error reaches zero after finitely many
steps while the cross-entropy keeps falling toward zero without reaching it: descent keeps
moving the weights, and the test 0–1 error keeps changing after the training error has
nothing left to say.
"""

import math
from dataclasses import dataclass

import torch

from optguide.logistic_regression import Classification, logistic_risk, make_classification
from optguide.threads import one_thread
from optguide.validation import check_int, check_positive

__all__ = ["SurrogateRun", "SurrogateSweep", "surrogate_run", "surrogate_sweep", "zero_one_error"]


def zero_one_error(data: Classification, w: torch.Tensor) -> float:
    """Return the fraction of examples that the linear classifier sign(xᵀw) gets wrong."""
    if not isinstance(data, Classification):
        raise TypeError(f"data must be a Classification, got {data!r}")
    predictions = (data.X @ w > 0).to(data.y.dtype)
    return float((predictions != data.y).to(torch.float64).mean())


@dataclass(frozen=True)
class SurrogateRun:
    """The three curves at about 60 log-spaced epochs, and where training error hit zero.

    ``separated_at`` is the first epoch with no training mistake (None if there is none).
    """

    epochs: list[int]
    cross_entropy: list[float]
    train_error: list[float]
    test_error: list[float]
    separated_at: int | None


def _check_run(train: object, test: object, epochs: object, lr: object) -> tuple[int, float]:
    for name, data in (("train", train), ("test", test)):
        if not isinstance(data, Classification):
            raise TypeError(f"{name} must be a Classification, got {data!r}")
    return check_int("epochs", epochs, minimum=1), check_positive("lr", lr)


def _recorded(epochs: int) -> list[int]:
    """About 60 log-spaced epochs from 0 to ``epochs``, both ends included."""
    spaced = torch.logspace(0, math.log10(epochs), 60, dtype=torch.float64).round()
    return sorted({0, epochs} | {int(e) for e in spaced})


# --8<-- [start:run]
@one_thread()
def surrogate_run(
    train: Classification,
    test: Classification,
    epochs: int,
    lr: float = 1.0,
) -> SurrogateRun:
    """Minimize the cross-entropy by gradient descent; count mistakes."""
    epochs, lr = _check_run(train, test, epochs, lr)
    w = torch.zeros(train.X.shape[1], dtype=torch.float64, requires_grad=True)
    recorded = _recorded(epochs)
    curves: list[tuple[float, float, float]] = []
    separated_at = None
    for epoch in range(epochs + 1):
        loss = logistic_risk(train.X, train.y, w)  # the surrogate we minimize
        with torch.no_grad():  # the 0-1 errors judge, never steer
            if separated_at is None and zero_one_error(train, w) == 0.0:
                separated_at = epoch
            if epoch in recorded:
                errors = zero_one_error(train, w), zero_one_error(test, w)
                curves.append((float(loss), *errors))
        if epoch == epochs:
            break
        (grad,) = torch.autograd.grad(loss, w)
        with torch.no_grad():
            w -= lr * grad
    ce, train_curve, test_curve = (list(c) for c in zip(*curves, strict=True))
    return SurrogateRun(recorded, ce, train_curve, test_curve, separated_at)


# --8<-- [end:run]


@dataclass(frozen=True)
class SurrogateSweep:
    """Test 0–1 errors of many runs, when their training error first hit zero and at the end.

    Entries are NaN for runs whose training error never reached zero.
    """

    at_separation: torch.Tensor
    final: torch.Tensor
    separated_at: torch.Tensor

    def separable(self) -> torch.Tensor:
        """Return a mask of the runs whose training error reached zero."""
        return self.separated_at >= 0

    def change(self) -> torch.Tensor:
        """Return final minus at-separation test error, for the separable runs only."""
        mask = self.separable()
        return self.final[mask] - self.at_separation[mask]


def _scores(X: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Return the scores Xw of s problems at once: X (s, n, d), w (s, d), scores (s, n)."""
    return (X @ w.unsqueeze(2)).squeeze(2)


def _batch_errors(scores: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return each problem's fraction of wrong labels, from its scores (s, n) and labels y."""
    predictions = (scores > 0).to(y.dtype)
    return (predictions != y).to(torch.float64).mean(dim=1)


@one_thread()
def surrogate_sweep(
    seeds: int = 40,
    n: int = 20,
    d: int = 3,
    separation: float = 2.0,
    epochs: int = 5000,
    test_size: int = 4000,
) -> SurrogateSweep:
    """Run the loop of ``surrogate_run`` on ``seeds`` problems at once.

    Training set s is drawn from seed s, its test set from seed 1000 + s; the gradient
    Xᵀ(sigmoid(Xw) − y)/n of the cross-entropy is written out instead of taken by autograd.
    """
    seeds = check_int("seeds", seeds, minimum=1)
    epochs = check_int("epochs", epochs, minimum=1)
    test_size = check_int("test_size", test_size, minimum=2)
    train = [make_classification(n, d, separation, seed=s) for s in range(seeds)]
    test = [make_classification(test_size, d, separation, seed=1000 + s) for s in range(seeds)]
    X, y = torch.stack([t.X for t in train]), torch.stack([t.y for t in train])
    X_test, y_test = torch.stack([t.X for t in test]), torch.stack([t.y for t in test])
    w = torch.zeros(seeds, d, dtype=torch.float64)
    separated_at = torch.full((seeds,), -1, dtype=torch.long)
    at_separation = torch.full((seeds,), math.nan, dtype=torch.float64)
    X_t = X.transpose(1, 2)
    for epoch in range(epochs + 1):
        scores = _scores(X, w)  # for the 0-1 error and for the gradient
        new = (_batch_errors(scores, y) == 0) & (separated_at < 0)  # first clean epoch
        if bool(new.any()):
            separated_at[new] = epoch
            at_separation[new] = _batch_errors(_scores(X_test, w), y_test)[new]
        if epoch == epochs:
            break
        residual = torch.sigmoid(scores) - y
        w -= (X_t @ residual.unsqueeze(2)).squeeze(2) / n
    return SurrogateSweep(at_separation, _batch_errors(_scores(X_test, w), y_test), separated_at)
