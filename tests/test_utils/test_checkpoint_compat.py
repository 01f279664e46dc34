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
