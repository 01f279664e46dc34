"""Run with glibc's freed memory kept (``utils/steady_malloc.py``).

In every config through ``configs/_base_/runtime_hooks.py``: at
``before_run`` (training, validation or testing, before the data loader
forks its workers) the process stops mapping and unmapping its large
tensors each step; where the C library is not glibc nothing changes and
the log says so. At ``after_run`` glibc's defaults come back and the
kept memory is returned, so a process that goes on after the run (a
notebook, a test session) does not keep the run's peak. The numbers the
run computes are the same: only where the memory comes from changes.
"""
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmseg.registry import HOOKS

from ...utils.steady_malloc import default_malloc, steady_malloc


@HOOKS.register_module()
class SteadyMallocHook(Hook):
    """:func:`steady_malloc` before the run, :func:`default_malloc`
    after it."""
    priority = 'VERY_HIGH'

    def before_run(self, runner) -> None:
        if steady_malloc():
            print_log('SteadyMallocHook: glibc malloc keeps freed memory '
                      '(M_MMAP_MAX=0, M_TRIM_THRESHOLD=2 GiB): no page '
                      'faults for the tensors each step reallocates',
                      logger='current')
        else:
            print_log('SteadyMallocHook: the C library is not glibc; '
                      'malloc left as it is', logger='current')

    def after_run(self, runner) -> None:
        default_malloc()
