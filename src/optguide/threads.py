"""Run small tensor computations on one CPU thread.

The experiments of the guide loop over thousands of steps on tensors of a few thousand
numbers. On such sizes PyTorch's thread pool costs more than it saves, and on a busy machine
its threads wait for each other: a loop that takes 3 s on one thread took a minute on two.
One thread also fixes the order of PyTorch's own floating-point sums. It does not fix
the code path that Intel MKL picks for this CPU, which changes the last bits of matrix
products and vectorized functions from machine to machine: the build pins that path
(``optguide.build.kernels``), and the pages print only what holds on every path.
"""

from contextlib import ContextDecorator
from types import TracebackType

import torch

__all__ = ["one_thread"]


class one_thread(ContextDecorator):  # lower case: it is used like a function, @one_thread()
    """Limit PyTorch to one intra-op thread inside the block, then restore the setting."""

    def __enter__(self) -> None:
        self._previous = torch.get_num_threads()
        torch.set_num_threads(1)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        torch.set_num_threads(self._previous)
