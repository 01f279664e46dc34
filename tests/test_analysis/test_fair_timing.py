"""mmseg_multipath.analysis.fair_timing: the turn order of the benchmark
tools and the allocator re-execution guard."""
import os

import pytest

from mmseg_multipath.analysis import fair_timing


def recorder(calls, name):
    def step():
        calls.append(name)
        return float(len(calls))
    return step


def test_turns_alternate_in_reversed_blocks_after_an_untimed_call():
    calls, log = [], []
    times = fair_timing.time_in_turns(
        [recorder(calls, 'a'), recorder(calls, 'b')], repeats=4, warmup=1,
        interleave=True, block=2, names=['a', 'b'], log=log.append)
    # warm-up of each, then blocks: (untimed + 2) a, b; then b, a
    assert ''.join(calls) == 'ab' + 'aaa' + 'bbb' + 'bbb' + 'aaa'
    assert [len(t) for t in times] == [4, 4]
    # the timed calls are the 2nd and 3rd of each block (return = position)
    assert times[0] == [4.0, 5.0, 13.0, 14.0]
    assert len(log) == 2 + 4 and log[-1].startswith('a: 4/4 timed')


def test_one_after_another_without_interleave():
    calls = []
    times = fair_timing.time_in_turns(
        [recorder(calls, 'a'), recorder(calls, 'b')], repeats=2, warmup=1,
        interleave=False)
    assert ''.join(calls) == 'aaabbb'
    assert times == [[2.0, 3.0], [5.0, 6.0]]
    assert fair_timing.summary([3.0, 1.0, 2.0]) == (2.0, 1.0)


def test_no_reexec_when_the_user_set_the_tunables(monkeypatch):
    def fail(*args):
        raise AssertionError('must not re-execute')
    monkeypatch.setattr(os, 'execve', fail)
    monkeypatch.setenv('GLIBC_TUNABLES', '')
    fair_timing.reexec_with_steady_malloc()
    assert fair_timing.malloc_note() == "GLIBC_TUNABLES=''"


def test_reexec_sets_the_tunables_once(monkeypatch):
    seen = {}

    def fake(exe, argv, env):
        seen.update(env=env, argv=argv)
        raise SystemExit(0)
    monkeypatch.setattr(os, 'execve', fake)
    monkeypatch.delenv('GLIBC_TUNABLES', raising=False)
    monkeypatch.setattr(fair_timing.sys, 'platform', 'linux')
    with pytest.raises(SystemExit):
        fair_timing.reexec_with_steady_malloc()
    assert seen['env']['GLIBC_TUNABLES'] == fair_timing.TUNABLES
    monkeypatch.setenv('GLIBC_TUNABLES', fair_timing.TUNABLES)
    assert fair_timing.malloc_note() == 'glibc malloc kept'
