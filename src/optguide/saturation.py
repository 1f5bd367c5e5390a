"""Saturating activations: where their derivatives are nearly zero, gradients are too.

The hyperbolic tangent and the logistic sigmoid flatten out for large |x|. Their
derivatives, 1 − tanh²(x) and sigmoid(x)(1 − sigmoid(x)), decay like e^{−2|x|} and e^{−|x|},
so a unit whose input sits far from zero passes almost no gradient back, and gradient
descent hardly moves it.
"""

import torch

from optguide.descent import gradient_descent
from optguide.validation import as_finite_tensor, check_int, check_positive

__all__ = ["sigmoid_derivative", "tanh_derivative", "tanh_descent"]


# --8<-- [start:derivatives]
def tanh_derivative(x: torch.Tensor) -> torch.Tensor:
    """Return tanh'(x) = 1 − tanh²(x), elementwise: in (0, 1], 1 at x = 0."""
    return 1.0 - torch.tanh(x) ** 2


def sigmoid_derivative(x: torch.Tensor) -> torch.Tensor:
    """Return sigmoid'(x) = sigmoid(x)(1 − sigmoid(x)): at most 1/4, at 0."""
    s = torch.sigmoid(x)
    return s * (1.0 - s)


# --8<-- [end:derivatives]


def tanh_descent(x0: float, lr: float, steps: int) -> torch.Tensor:
    """Run gradient descent on f(x) = tanh(x) from ``x0``; return the start and every iterate.

    tanh has no minimizer (its infimum −1 is approached as x → −∞, never reached), so the
    run cannot converge to anything; the point of it is how little a saturated start moves.
    """
    start = as_finite_tensor("x0", x0, ndim=0)
    return gradient_descent(
        torch.tanh, start, lr=check_positive("lr", lr), steps=check_int("steps", steps)
    )
