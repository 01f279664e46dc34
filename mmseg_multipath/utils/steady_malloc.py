"""Keep freed memory in the process: glibc's malloc without a fresh
mapping per large tensor.

With glibc's defaults an allocation above the mmap threshold (dynamic, at
most 32 MB) gets a mapping of its own, returned to the system when it is
freed, and a freed heap top above 128 KB is trimmed. A training step
allocates and frees the same large activations every step, so it
page-faults them in anew each time. ShelfNet18-lw's CamVid step (batch 4,
360x480, bf16 + channels_last, ``profile_train_step.py``, 20 steps,
2026-12-06, AMD EPYC Zen 4, 2 cores): 1.07-1.47 million minor page faults
and 2.3-3.2 s of kernel time with the defaults, 0.34 million (mostly the
process start) and 1.1 s with the settings below; step medians over five
rounds of separate processes in turns 577 -> 505 ms.

:func:`steady_malloc` sets them with glibc's public ``mallopt`` while the
process runs: ``M_MMAP_MAX = 0`` (no allocation gets a mapping of its own;
large blocks come from the heap and are reused) and ``M_TRIM_THRESHOLD =
2 GiB - 1`` (freed memory stays in the heap). They are the effect of the
``GLIBC_TUNABLES`` that ``analysis/fair_timing.py`` sets before a
benchmark starts, here for a process already running. The cost: the
process keeps its peak heap (about 10% more peak RSS for that step).
Processes forked later (data loader workers) inherit the settings.
"""
import ctypes
import ctypes.util
from typing import Optional

#: glibc's ``mallopt`` parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_MAX = -4
TRIM_THRESHOLD = 2**31 - 1


def _glibc() -> Optional[ctypes.CDLL]:
    """The process's C library if it is glibc, else None (musl, macOS,
    Windows: nothing to set)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library('c') or 'libc.so.6')
        libc.gnu_get_libc_version.restype = ctypes.c_char_p
        libc.gnu_get_libc_version()
    except (OSError, AttributeError):
        return None
    return libc


def steady_malloc() -> bool:
    """Apply the settings of the module doc; True if glibc took both."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.mallopt(M_MMAP_MAX, 0)) and bool(
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))


__all__ = ['steady_malloc']
