"""Safe checkpoint loading under torch >= 2.6 (weights_only stays on)."""
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import _load_checkpoint

from mmseg_multipath.utils import TRUST_ENV, UnsafeCheckpointError
from ..conftest import write_malicious_checkpoint


class Gadget:
    """Something mmengine never writes into a checkpoint."""

    def __init__(self, value=1):
        self.value = value


def _mmengine_like(path):
    """What mmengine's Runner stores besides tensors (message hub, meta)."""
    buf = HistoryBuffer()
    buf.update(0.5)
    buf.update(np.float64(0.25))
    ckpt = dict(
        meta=dict(epoch=0, iter=8, seed=np.int64(0), mmengine='0.10.7',
                  dataset_meta=dict(classes=('a', 'b'),
                                    palette=[[1, 2, 3], [4, 5, 6]]),
                  cfg='model = dict()'),
        state_dict={'w': torch.ones(2)},
        message_hub=dict(log_scalars={'train/loss': buf},
                         runtime_info={'iter': 8, 'arr': np.arange(3),
                                       'dtype': np.dtype('float32'),
                                       'f': np.float32(1.5)},
                         resumed_keys={'iter': True}))
    torch.save(ckpt, path)


def test_plain_torch_load_is_still_strict(tmp_path):
    """The fix is scoped to mmengine's loader: torch's default stays safe."""
    path = tmp_path / 'ckpt.pth'
    _mmengine_like(path)
    with pytest.raises(pickle.UnpicklingError):
        torch.load(path)


def test_mmengine_checkpoint_loads_with_weights_only(tmp_path):
    path = tmp_path / 'ckpt.pth'
    _mmengine_like(path)
    ckpt = _load_checkpoint(str(path), map_location='cpu')
    assert ckpt['meta']['iter'] == 8
    assert isinstance(ckpt['message_hub']['log_scalars']['train/loss'],
                      HistoryBuffer)
    np.testing.assert_array_equal(
        ckpt['message_hub']['runtime_info']['arr'], np.arange(3))


def test_crafted_pickle_is_refused_with_instructions(tmp_path, monkeypatch):
    monkeypatch.delenv(TRUST_ENV, raising=False)
    path = tmp_path / 'evil.pth'
    torch.save({'state_dict': {}, 'payload': Gadget()}, path)
    with pytest.raises(UnsafeCheckpointError) as err:
        _load_checkpoint(str(path), map_location='cpu')
    msg = str(err.value)
    assert 'evil.pth' in msg and 'Gadget' in msg and TRUST_ENV in msg


def test_reduce_payload_never_runs(tmp_path, monkeypatch):
    monkeypatch.delenv(TRUST_ENV, raising=False)
    marker = tmp_path / 'pwned'
    path = write_malicious_checkpoint(tmp_path / 'payload.pth', marker)
    with pytest.raises(UnsafeCheckpointError):
        _load_checkpoint(str(path), map_location='cpu')
    assert not marker.exists()


def test_user_can_opt_in_for_one_trusted_file(tmp_path, monkeypatch):
    path = tmp_path / 'trusted.pth'
    torch.save({'state_dict': {}, 'payload': Gadget(7)}, path)
    monkeypatch.setenv(TRUST_ENV, str(tmp_path / 'other.pth'))
    with pytest.raises(UnsafeCheckpointError):
        _load_checkpoint(str(path), map_location='cpu')
    monkeypatch.setenv(TRUST_ENV, str(path))
    with pytest.warns(UserWarning, match='weights_only=False'):
        ckpt = _load_checkpoint(str(path), map_location='cpu')
    assert ckpt['payload'].value == 7


def _global_name(item):
    if isinstance(item, tuple):  # (callable, the name it stands in for)
        return item[1]
    return f'{item.__module__}.{item.__qualname__}'


def test_the_allow_list_is_exactly_what_mmengine_writes():
    """Every entry, by name: a callable added to the list fails here."""
    from mmseg_multipath.utils.checkpoint_compat import (
        MMENGINE_SAFE_GLOBALS, _history_buffer_getattr)
    names = [_global_name(g) for g in MMENGINE_SAFE_GLOBALS]
    dtypes = {n for n in names if n.startswith('numpy.dtypes.')}
    assert set(names) - dtypes == {
        'numpy.ndarray', 'numpy.dtype',
        'numpy._core.multiarray._reconstruct',
        'numpy._core.multiarray.scalar',
        'numpy.core.multiarray._reconstruct', 'numpy.core.multiarray.scalar',
        'mmengine.logging.history_buffer.HistoryBuffer',
        'builtins.getattr', '__builtin__.getattr', 'builtins.bytes'}
    for item in MMENGINE_SAFE_GLOBALS:  # the dtype classes are only that
        if _global_name(item).startswith('numpy.dtypes.'):
            assert isinstance(item, type) and issubclass(item, np.dtype)
    # "getattr" is the restricted stand-in, never the builtin
    stand_ins = [g[0] for g in MMENGINE_SAFE_GLOBALS if isinstance(g, tuple)
                 and 'getattr' in g[1]]
    assert stand_ins == [_history_buffer_getattr] * 2


class _Call:
    """Pickles as ``func(*args)``."""

    def __init__(self, func, *args):
        self.func, self.args = func, args

    def __reduce__(self):
        return self.func, self.args


@pytest.mark.parametrize('make', [
    lambda m: _Call(__import__('os').system, f'touch {m}'),
    lambda m: _Call(eval, f'open({str(m)!r}, "w")'),
    lambda m: _Call(exec, f'open({str(m)!r}, "w")'),
    lambda m: _Call(__import__('subprocess').Popen, ['touch', str(m)]),
    lambda m: _Call(open, str(m), 'w'),
    lambda m: _Call(getattr, HistoryBuffer, '__subclasses__'),
    lambda m: _Call(getattr, HistoryBuffer, '__init__'),
], ids=['os.system', 'eval', 'exec', 'Popen', 'open', 'getattr-subclasses',
        'getattr-dunder'])
def test_no_dangerous_callable_runs(tmp_path, monkeypatch, make):
    monkeypatch.delenv(TRUST_ENV, raising=False)
    marker = tmp_path / 'pwned'
    path = tmp_path / 'payload.pth'
    torch.save({'state_dict': {}, 'x': make(marker)}, path)
    with pytest.raises(pickle.UnpicklingError):
        _load_checkpoint(str(path), map_location='cpu')
    assert not marker.exists()
