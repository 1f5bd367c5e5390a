"""Objective functions that the guide studies.

Each takes a tensor and works elementwise, so it can be plotted over a grid and
differentiated with autograd.
"""

import math

import torch

__all__ = ["x_cos_pi_x"]


# --8<-- [start:x_cos_pi_x]
def x_cos_pi_x(x: torch.Tensor) -> torch.Tensor:
    """Return f(x) = x·cos(πx), a one-dimensional function with several stationary points."""
    return x * torch.cos(math.pi * x)


# --8<-- [end:x_cos_pi_x]
