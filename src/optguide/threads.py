"""Run small tensor computations on one CPU thread.

The experiments of the guide loop over thousands of steps on tensors of a few thousand
numbers. On such sizes PyTorch's thread pool costs more than it saves, and on a busy machine
its threads wait for each other: a loop that takes 3 s on one thread took a minute on two.
One thread also fixes the order of floating-point sums, so a page, its figures and its
notebook print the same digits on any machine.
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
