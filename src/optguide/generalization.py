"""Training loss against held-out loss: the overfitting experiment.

The optimizer sees only the training set. To watch what that costs, we fit polynomials to a
few noisy samples of sin(πx) on [−1, 1] by full-batch gradient descent and record, at every
epoch, the loss on the training set (what the optimizer minimizes) and the loss on a large
held-out set drawn from the same distribution (an estimate of the risk, which it never sees).

A polynomial of degree d in the Legendre basis is a linear model with d + 1 parameters, so the
experiment is small enough to run in about a second on a CPU, yet it has every ingredient of
the deep-learning picture: enough capacity to fit the noise, an epoch where the held-out loss
is lowest, and a growing gap after it. Several models (different degrees or different data
sets) are trained at once as a batch; their parameters are separate, so the batch changes
only the speed, not the result.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from optguide.threads import one_thread
from optguide.validation import check_int, check_positive, check_seed, check_sequence

__all__ = [
    "History",
    "OverfittingRun",
    "Sample",
    "Sweep",
    "capacity_sweep",
    "fit_polynomial",
    "legendre_features",
    "noisy_sine_sample",
    "overfitting_experiment",
    "safe_learning_rate",
    "sample_size_sweep",
    "train_polynomials",
]

HELDOUT_SIZE = 1000
"""How many held-out examples estimate the risk; enough for two decimals at this noise."""


@dataclass(frozen=True)
class Sample:
    """Inputs ``x`` and targets ``y`` of a data set, both of shape (n,)."""

    x: torch.Tensor
    y: torch.Tensor


def _check_sample(n: object, noise: object, seed: object) -> tuple[int, float, int]:
    """Return n, noise and seed checked: integers n >= 1 and seed >= 0, a noise > 0."""
    return (
        check_int("n", n, minimum=1),
        check_positive("noise", noise),
        check_int("seed", seed, minimum=0),
    )


# --8<-- [start:data]
def noisy_sine_sample(n: int, noise: float, seed: int) -> Sample:
    """Draw x uniform on [−1, 1] and y = sin(πx) + σξ, ξ ~ N(0, 1).

    σ = ``noise``. Even the truth sin(πx) has expected squared loss σ² on
    new data.
    """
    n, noise, seed = _check_sample(n, noise, seed)
    generator = torch.Generator().manual_seed(seed)
    x = 2.0 * torch.rand(n, generator=generator, dtype=torch.float64) - 1.0
    xi = torch.randn(n, generator=generator, dtype=torch.float64)
    return Sample(x, torch.sin(math.pi * x) + noise * xi)


# --8<-- [end:data]


def legendre_features(x: torch.Tensor, degree: int) -> torch.Tensor:
    """Return P_0(x), ..., P_degree(x), the Legendre polynomials, as the columns of a matrix.

    Any polynomial of degree ``degree`` is a linear combination of these columns. We use the
    Legendre basis rather than 1, x, x², ... because its columns are orthogonal on [−1, 1],
    which keeps gradient descent on the coefficients from being hopelessly slow.
    """
    degree = check_int("degree", degree, minimum=0)
    if not isinstance(x, torch.Tensor) or x.ndim != 1:
        raise TypeError(f"x must be a one-dimensional tensor, got {x!r}")
    columns = [torch.ones_like(x), x]
    for k in range(1, degree):  # Bonnet's recursion: (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}
        columns.append(((2 * k + 1) * x * columns[k] - k * columns[k - 1]) / (k + 1))
    return torch.stack(columns[: degree + 1], dim=1)


def _stack_padded(samples: Sequence[Sample], degrees: Sequence[int]) -> torch.Tensor:
    """Stack the Legendre features of several samples into one (k, n_max, p_max) tensor.

    Model i gets the features of degree ``degrees[i]`` of ``samples[i]``, padded with zero
    columns up to the largest degree and with zero rows up to the largest sample. A zero column
    gets a zero gradient, so its coefficient stays at its initial zero; a zero row (with a zero
    target) has a zero residual. A padded model is therefore exactly the unpadded one, as long
    as its mean is taken over its own n examples.
    """
    width = max(degrees) + 1
    rows = max(s.x.shape[0] for s in samples)
    padded = []
    for sample, degree in zip(samples, degrees, strict=True):
        features = legendre_features(sample.x, degree)
        extra_rows, extra_columns = rows - features.shape[0], width - features.shape[1]
        padded.append(torch.nn.functional.pad(features, (0, extra_columns, 0, extra_rows)))
    return torch.stack(padded)


def _stack_targets(samples: Sequence[Sample]) -> tuple[torch.Tensor, torch.Tensor]:
    """Return the targets padded with zeros to one (k, n_max) tensor, and each sample's n."""
    rows = max(s.y.shape[0] for s in samples)
    targets = torch.stack(
        [torch.nn.functional.pad(s.y, (0, rows - s.y.shape[0])) for s in samples]
    )
    counts = torch.tensor([s.y.shape[0] for s in samples], dtype=torch.float64)
    return targets, counts


def safe_learning_rate(features: torch.Tensor, counts: torch.Tensor | None = None) -> float:
    """Return η = 1 / λ_max for the mean squared error of linear models with these features.

    The training loss of model i is a quadratic whose Hessian is H = (2/n_i) Φ_iᵀ Φ_i; gradient
    descent on it is stable for η < 2 / λ_max(H). Half that bound, with λ_max the largest over
    the batch, is stable for every model in the batch. ``counts`` holds each n_i when the
    feature matrices are padded with zero rows (default: their number of rows).
    """
    if not isinstance(features, torch.Tensor) or features.ndim not in (2, 3):
        raise TypeError(f"features must be an (n, p) or (k, n, p) tensor, got {features!r}")
    batch = features if features.ndim == 3 else features.unsqueeze(0)
    if counts is not None and not isinstance(counts, torch.Tensor):
        raise TypeError(f"counts must be a tensor of row counts or None, got {counts!r}")
    if counts is None:
        counts = torch.full((batch.shape[0],), float(batch.shape[1]), dtype=batch.dtype)
    return float(_learning_rates(batch, counts).min())


def _learning_rates(batch: torch.Tensor, counts: torch.Tensor) -> torch.Tensor:
    """Return each model's own η_i = 1 / λ_max(H_i), H_i = (2/n_i) Φ_iᵀ Φ_i, shape (k,)."""
    hessians = 2.0 / counts.view(-1, 1, 1) * batch.transpose(1, 2) @ batch
    largest: torch.Tensor = torch.linalg.eigvalsh(hessians)[:, -1]
    return 1.0 / largest


@dataclass(frozen=True)
class History:
    """Training and held-out loss of k models, at every epoch: two tensors of shape (k, E + 1).

    Column t holds the losses after t epochs (column 0 is the untrained, all-zero model).
    ``theta`` holds each model's Legendre coefficients after the last epoch, shape (k, p),
    zero beyond its own degree.
    """

    train_loss: torch.Tensor
    heldout_loss: torch.Tensor
    theta: torch.Tensor

    def best_epoch(self) -> torch.Tensor:
        """Return, for each model, the epoch with the lowest held-out loss (early stopping)."""
        return self.heldout_loss.argmin(dim=1)

    def gap(self) -> torch.Tensor:
        """Return the generalization gap, held-out minus training loss, at every epoch."""
        return self.heldout_loss - self.train_loss


def _check_samples(name: str, samples: object) -> list["Sample"]:
    """Return ``samples`` as a list if it is a sequence of ``Sample``."""
    checked = list(check_sequence(name, samples))
    for index, sample in enumerate(checked):
        if not isinstance(sample, Sample):
            raise TypeError(f"{name}[{index}] must be a Sample, got {sample!r}")
    return checked  # type: ignore[return-value]


def train_polynomials(
    train: Sequence[Sample], heldout: Sample, degrees: Sequence[int], epochs: int
) -> History:
    """Fit k polynomials by gradient descent: model i has degree ``degrees[i]``, fits ``train[i]``.

    Each epoch is one full-batch step θ ← θ − η ∇R̂_n(θ) on the mean squared error of each
    training set, with each model's own η = 1 / λ_max: the update of ``fit_polynomial``, so a
    model's result does not depend on which other models share the batch. The loss on the
    ``heldout`` sample, shared by all models, is measured at every epoch but never used by
    the update.
    """
    epochs = check_int("epochs", epochs, minimum=1)
    train = _check_samples("train", train)
    degrees = check_sequence("degrees", degrees)  # type: ignore[assignment]
    if not len(train) == len(degrees) >= 1:
        raise ValueError(
            f"train and degrees must have the same length >= 1, got {len(train)}, {len(degrees)}"
        )
    degrees = [check_int("degrees[i]", d, minimum=0) for d in degrees]
    phi, (y, n) = _stack_padded(train, degrees), _stack_targets(train)
    phi_out = legendre_features(heldout.x, max(degrees))  # zero-padded θ: same predictions
    with one_thread():
        return _descend(phi, y, n, phi_out, heldout.y, epochs)


@dataclass(frozen=True)
class _Quadratic:
    """The mean squared error of linear models, written as θᵀQθ − 2qᵀθ + s for each model.

    Q = ΦᵀΦ/n has shape (k, p, p), q = Φᵀy/n shape (k, p, 1), s = yᵀy/n shape (k,); k = 1
    is one quadratic shared by all models. The gradient is 2(Qθ − q). For a linear model
    these three moments of the data hold all that descent and the loss need, so a step
    costs a (p × p) product instead of a pass over the examples.
    """

    q_matrix: torch.Tensor
    q_vector: torch.Tensor
    scale: torch.Tensor

    @staticmethod
    def of(phi: torch.Tensor, y: torch.Tensor, n: torch.Tensor) -> "_Quadratic":
        """Return the quadratics of features phi (k, n, p), targets y (k, n), counts n (k,)."""
        y = y.to(phi.dtype)
        return _Quadratic(
            phi.transpose(1, 2) @ phi / n.view(-1, 1, 1),
            phi.transpose(1, 2) @ y.unsqueeze(2) / n.view(-1, 1, 1),
            y.pow(2).sum(dim=1) / n,
        )

    def losses(self, thetas: torch.Tensor) -> torch.Tensor:
        """Return the loss of each of k models at each of its E parameters (k, E, p): (k, E)."""
        curvature = (torch.matmul(thetas, self.q_matrix) * thetas).sum(dim=2)
        linear = torch.matmul(thetas, self.q_vector).squeeze(2)
        return curvature - 2.0 * linear + self.scale.view(-1, 1)


def _descend(
    phi: torch.Tensor,
    y: torch.Tensor,
    n: torch.Tensor,
    phi_out: torch.Tensor,
    y_out: torch.Tensor,
    epochs: int,
) -> History:
    """Train k linear models θ_i, from θ = 0, on features phi (k, n, p) and targets y (k, n)."""
    lr = _learning_rates(phi, n).view(-1, 1, 1)  # each model's own η, as in fit_polynomial
    train = _Quadratic.of(phi, y, n)
    m = torch.tensor([float(y_out.shape[0])], dtype=torch.float64)
    heldout = _Quadratic.of(phi_out.unsqueeze(0), y_out.unsqueeze(0), m)
    step, shift = 2.0 * lr * train.q_matrix, 2.0 * lr * train.q_vector
    thetas = torch.zeros(epochs + 1, *train.q_vector.shape, dtype=torch.float64)
    for t in range(epochs):  # θ ← θ − η (2Qθ − 2q), the step of fit_polynomial
        # The models share no parameters, so one batched product is every model's own step.
        torch.baddbmm(thetas[t] + shift, step, thetas[t], alpha=-1.0, out=thetas[t + 1])
    path = thetas.squeeze(3).transpose(0, 1)  # (k, E + 1, p): each model's iterates
    return History(train.losses(path), heldout.losses(path), path[:, -1])


def _check_fit(train: object, heldout: object, degree: object, epochs: object) -> tuple[int, int]:
    """Check the arguments of ``fit_polynomial``; return degree and epochs."""
    for name, sample in (("train", train), ("heldout", heldout)):
        if not isinstance(sample, Sample):
            raise TypeError(f"{name} must be a Sample, got {sample!r}")
    return check_int("degree", degree, minimum=0), check_int("epochs", epochs, minimum=1)


# --8<-- [start:train]
@one_thread()
def fit_polynomial(
    train: Sample,
    heldout: Sample,
    degree: int,
    epochs: int,
) -> History:
    """Fit a polynomial to ``train`` by gradient descent, from θ = 0."""
    degree, epochs = _check_fit(train, heldout, degree, epochs)
    phi = legendre_features(train.x, degree)
    phi_out = legendre_features(heldout.x, degree)
    lr = safe_learning_rate(phi)  # 1 / the largest curvature
    theta = torch.zeros(degree + 1, dtype=torch.float64, requires_grad=True)
    train_loss = torch.empty(1, epochs + 1, dtype=torch.float64)
    heldout_loss = torch.empty_like(train_loss)
    for epoch in range(epochs + 1):
        loss = (phi @ theta - train.y).pow(2).mean()  # the training loss
        with torch.no_grad():  # recorded, never used by the update
            train_loss[0, epoch] = loss
            errors = phi_out @ theta - heldout.y
            heldout_loss[0, epoch] = errors.pow(2).mean()
        if epoch == epochs:
            break
        (grad,) = torch.autograd.grad(loss, theta)
        with torch.no_grad():
            theta -= lr * grad
    return History(train_loss, heldout_loss, theta.detach().unsqueeze(0))


# --8<-- [end:train]


@dataclass(frozen=True)
class OverfittingRun:
    """One model's loss curves, where to stop, what training too long costs, its final fit."""

    train_loss: torch.Tensor
    heldout_loss: torch.Tensor
    noise: float
    best_epoch: int
    train: Sample
    heldout: Sample
    degree: int
    coefficients: torch.Tensor

    @property
    def epochs(self) -> int:
        """The number of epochs trained."""
        return self.train_loss.shape[0] - 1

    @property
    def final_gap(self) -> float:
        """Held-out minus training loss after the last epoch."""
        return float(self.heldout_loss[-1] - self.train_loss[-1])

    @property
    def best_gap(self) -> float:
        """Held-out minus training loss at the best epoch."""
        return float(self.heldout_loss[self.best_epoch] - self.train_loss[self.best_epoch])


# --8<-- [start:experiment]
def overfitting_experiment(
    n: int = 20,
    degree: int = 15,
    noise: float = 0.3,
    epochs: int = 5000,
    seed: int = 0,
) -> OverfittingRun:
    """Train one polynomial on n noisy examples; track both losses."""
    train = noisy_sine_sample(n, noise, seed)
    heldout = noisy_sine_sample(HELDOUT_SIZE, noise, seed + 1)  # fresh draws
    history = fit_polynomial(train, heldout, degree, epochs)
    return OverfittingRun(
        train_loss=history.train_loss[0],
        heldout_loss=history.heldout_loss[0],
        noise=noise,
        best_epoch=int(history.best_epoch()[0]),
        train=train,
        heldout=heldout,
        degree=degree,
        coefficients=history.theta[0],
    )


# --8<-- [end:experiment]


@dataclass(frozen=True)
class Sweep:
    """Losses after the last epoch, for each setting of the swept quantity.

    Every setting is trained on ``repeats`` independent data sets. ``train_loss`` and
    ``heldout_loss`` are medians over them (one unlucky data set can be far off, and the
    median is not dragged by it); ``heldout_low`` and ``heldout_high`` are the extremes, to
    show how much a single data set can differ. ``best_heldout_loss`` is the median of each
    run's lowest held-out loss over the epochs: what early stopping would have reached.
    """

    settings: list[int]
    train_loss: torch.Tensor
    heldout_loss: torch.Tensor
    heldout_low: torch.Tensor
    heldout_high: torch.Tensor
    best_heldout_loss: torch.Tensor


def _sweep(
    settings: list[int],
    samples: list[Sample],
    degrees: list[int],
    heldout: Sample,
    repeats: int,
    epochs: int,
) -> Sweep:
    """Train all (setting, repeat) models as one batch and summarize them per setting."""
    history = train_polynomials(samples, heldout, degrees, epochs)
    shape = (len(settings), repeats)
    final_train = history.train_loss[:, -1].view(shape)
    final_heldout = history.heldout_loss[:, -1].view(shape)
    best = history.heldout_loss.min(dim=1).values.view(shape)
    return Sweep(
        settings=settings,
        train_loss=final_train.median(dim=1).values,
        heldout_loss=final_heldout.median(dim=1).values,
        heldout_low=final_heldout.min(dim=1).values,
        heldout_high=final_heldout.max(dim=1).values,
        best_heldout_loss=best.median(dim=1).values,
    )


def capacity_sweep(
    degrees: Sequence[int],
    n: int = 20,
    noise: float = 0.3,
    repeats: int = 5,
    epochs: int = 5000,
    seed: int = 0,
) -> Sweep:
    """Train a polynomial of each degree on ``repeats`` data sets of n examples."""
    degrees = [check_int("degrees[i]", d, minimum=0) for d in check_sequence("degrees", degrees)]
    repeats = check_int("repeats", repeats, minimum=1)
    seed = check_seed("seed", seed)
    data = [noisy_sine_sample(n, noise, seed + 100 * r) for r in range(repeats)]
    heldout = noisy_sine_sample(HELDOUT_SIZE, noise, seed + 1)
    samples = [sample for _ in degrees for sample in data]
    model_degrees = [d for d in degrees for _ in data]
    return _sweep(degrees, samples, model_degrees, heldout, repeats, epochs)


def sample_size_sweep(
    sizes: Sequence[int],
    degree: int = 15,
    noise: float = 0.3,
    repeats: int = 5,
    epochs: int = 5000,
    seed: int = 0,
) -> Sweep:
    """Train the same polynomial on ``repeats`` data sets of each size n."""
    sizes = [check_int("sizes[i]", n, minimum=1) for n in check_sequence("sizes", sizes)]
    repeats = check_int("repeats", repeats, minimum=1)
    seed = check_seed("seed", seed)
    heldout = noisy_sine_sample(HELDOUT_SIZE, noise, seed + 1)
    samples = [noisy_sine_sample(n, noise, seed + 100 * r) for n in sizes for r in range(repeats)]
    return _sweep(sizes, samples, [degree] * len(samples), heldout, repeats, epochs)
