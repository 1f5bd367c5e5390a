"""Figures of the chapter on vanishing and exploding gradients."""

import math


def orders_fallen(norms: list[float]) -> int:
    """Return by how many orders of magnitude the first of ``norms`` lies below the last.

    The first norm is the layer next to the input; the count, rounded to a whole number,
    is what the alt texts of the chapter's depth figures state.
    """
    return round(math.log10(norms[-1] / norms[0]))
