"""Fair speed comparisons on a shared CPU: steady allocation, turns.

Two effects made CPU timings of one model against another wander by 20%
or more on the 2-core CI machine, enough to flip a ratio:

* **Page faults.** With glibc's defaults every tensor above the mmap
  threshold (at most 32 MB) is a fresh mapping and freed heap tops are
  trimmed, so each step page-faults its large tensors in again: about
  100,000 faults and 0.2 s of kernel time per SeqResNet-B22 training step
  (of about 1 s), varying from step to step and larger for whichever
  model allocates more. PyTorch's CPU performance guide recommends a
  caching allocator (jemalloc, tcmalloc) for this; where none is
  installed, glibc's own tunables do the same: ``reexec_with_steady_malloc``
  re-runs the tool once with them set before the process starts
  (measured: no faults per step afterwards). Training runs get the same
  effect from ``mallopt`` while they run (``SteadyMallocHook``,
  ``utils/steady_malloc.py``).
* **Drift.** A shared machine runs faster and slower for stretches of
  seconds. Timing one model after the other puts that drift into the
  ratio; ``time_in_turns`` lets the models take turns in short blocks.
"""
import os
import statistics
import sys
import time
from typing import Callable, List, Optional, Sequence

import torch

from .autograd_memory import saved_tensor_bytes

TUNABLES = ('glibc.malloc.mmap_threshold=4294967296:'
            'glibc.malloc.trim_threshold=17179869184')


def reexec_with_steady_malloc() -> None:
    """Re-run this script with ``GLIBC_TUNABLES`` set, unless the user has
    set that variable (to anything, even empty) or this is not Linux.
    Call it from a tool's ``__main__`` block only: it replaces the process
    with ``sys.executable sys.argv``."""
    if not sys.platform.startswith('linux') or 'GLIBC_TUNABLES' in os.environ:
        return
    env = dict(os.environ, GLIBC_TUNABLES=TUNABLES)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def malloc_note() -> str:
    """How the allocator was set, for a benchmark table's footnote."""
    value = os.environ.get('GLIBC_TUNABLES')
    return ('glibc malloc kept' if value == TUNABLES else
            f'GLIBC_TUNABLES={value!r}' if value is not None else
            'glibc malloc defaults')


def time_in_turns(steps: Sequence[Callable[[], float]], repeats: int,
                  warmup: int, interleave: bool, block: int = 3,
                  names: Optional[Sequence[str]] = None,
                  log: Optional[Callable[[str], None]] = None
                  ) -> List[List[float]]:
    """Timed calls of several step functions; each returns its seconds.

    Every function first runs ``warmup`` untimed calls. With
    ``interleave``, the ``repeats`` timed calls then come in blocks of
    ``block`` per function, the functions taking turns (order reversed
    every round: A B C, C B A, ...), each block after one more untimed
    call that gives it the caches and allocator state of a model running
    alone. Otherwise each function runs all its calls in turn (on CUDA
    this keeps every peak memory a model's own). Returns the timed
    seconds of each function. ``log`` (with ``names``) gets a line after
    every warm-up and every block: progress for long runs."""
    names = names or [f'#{i}' for i in range(len(steps))]
    log = log or (lambda msg: None)
    times: List[List[float]] = [[] for _ in steps]
    for i, step in enumerate(steps):
        for _ in range(warmup):
            step()
        log(f'{names[i]}: {warmup} warm-up calls done')
        if not interleave:
            times[i] = [step() for _ in range(repeats)]
            log(f'{names[i]}: {repeats} timed, median '
                f'{statistics.median(times[i]):.4f} s')
    if interleave:
        order, left = list(range(len(steps))), repeats
        while left > 0:
            n = min(block, left)
            for i in order:
                steps[i]()  # untimed: back to this model's steady state
                new = [steps[i]() for _ in range(n)]
                times[i] += new
                log(f'{names[i]}: {len(times[i])}/{repeats} timed, this '
                    f'block median {statistics.median(new):.4f} s')
            order.reverse()
            left -= n
    return times


def seconds(fn: Callable[[], object], device: str) -> float:
    """Wall seconds of one ``fn()`` call, with the CUDA queue drained
    before and after it on a CUDA ``device``."""
    cuda = device.startswith('cuda')
    if cuda:
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    fn()
    if cuda:
        torch.cuda.synchronize()
    return time.perf_counter() - t0


class TimedTrainStep:
    """One training step of ``model``: ``loss_fn()`` (the forward and the
    loss on a fixed batch), backward, an SGD step (momentum 0.9). A call
    returns its seconds; the first call records ``kept`` (MB the autograd
    graph keeps for backward, see ``autograd_memory``), every call on CUDA
    ``peak`` (MB, ``torch.cuda.max_memory_allocated`` of that call: read it
    after warm-up, which excludes cuDNN's autotuning workspaces)."""

    def __init__(self, model, loss_fn: Callable, device: str,
                 lr: float = 0.01):
        self.model, self.loss_fn, self.device = model, loss_fn, device
        self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        self.kept: Optional[float] = None
        self.peak: Optional[float] = None

    def _step(self) -> None:
        loss = self.loss_fn()
        if self.kept is None:
            self.kept = saved_tensor_bytes(loss) / 2**20
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()

    def __call__(self) -> float:
        cuda = self.device.startswith('cuda')
        if cuda:
            torch.cuda.reset_peak_memory_stats()
        sec = seconds(self._step, self.device)
        if cuda:
            self.peak = torch.cuda.max_memory_allocated() / 2**20
        return sec


def summary(times: Sequence[float]):
    """(median, best) of one function's timed calls."""
    return statistics.median(times), min(times)
