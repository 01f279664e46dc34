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
Processes forked later (data loader workers) inherit the settings;
:func:`default_malloc` undoes them (``SteadyMallocHook`` does at the end
of a run, so a notebook or test process that runs a config gets its
malloc back).
"""
import ctypes
import ctypes.util
from functools import lru_cache
from typing import Optional

#: glibc's ``mallopt`` parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_MMAP_MAX = -4
TRIM_THRESHOLD = 2**31 - 1
#: glibc's defaults (malloc.c: DEFAULT_MMAP_MAX, DEFAULT_{TRIM,MMAP}_THRESHOLD)
DEFAULT_MMAP_MAX = 65536
DEFAULT_THRESHOLD = 128 * 1024


@lru_cache(maxsize=None)
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


def default_malloc() -> bool:
    """Undo :func:`steady_malloc`: glibc's default values back (mappings
    for blocks above 128 KB, a trim threshold of 128 KB; glibc's dynamic
    raising of the two stays off once they are set) and the kept memory
    returned to the system (``malloc_trim``). True if glibc took them."""
    libc = _glibc()
    if libc is None:
        return False
    done = all(
        libc.mallopt(param, value)
        for param, value in ((M_MMAP_MAX, DEFAULT_MMAP_MAX),
                             (M_TRIM_THRESHOLD, DEFAULT_THRESHOLD),
                             (M_MMAP_THRESHOLD, DEFAULT_THRESHOLD)))
    libc.malloc_trim(0)
    return done


__all__ = ['steady_malloc', 'default_malloc']
