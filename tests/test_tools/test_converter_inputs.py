"""The three official-checkpoint converters on broken inputs: one error
naming the file (through the project's safe loader), the output never
written over the source, and nothing half-written left behind."""
import sys

import pytest
import torch

from mmseg_multipath.utils.checkpoint_files import CheckpointFileError
from ..conftest import load_tool, run_tool

CONVERTERS = ['model_converters/seqconv2mmpretrain.py',
              'model_converters/shelfnet2mmseg.py',
              'model_converters/ademxapp2mmseg.py']


def _main(tool, src, dst, monkeypatch):
    module = load_tool(tool)
    monkeypatch.setattr(sys, 'argv', [tool, str(src), str(dst)])
    module.main()


@pytest.mark.parametrize('tool', CONVERTERS)
@pytest.mark.parametrize('kind', ['truncated', 'config', 'empty'])
def test_unreadable_sources_are_named(tool, kind, tmp_path, monkeypatch):
    src, dst = tmp_path / 'official.pth', tmp_path / 'out' / 'ours.pth'
    torch.save({'state_dict': {'w': torch.zeros(1000)}}, src)
    data = src.read_bytes()
    src.write_bytes({'truncated': data[:len(data) // 2],
                     'config': b"model = dict(type='X')\n",
                     'empty': b''}[kind])
    with pytest.raises(CheckpointFileError) as e:
        _main(tool, src, dst, monkeypatch)
    assert str(src) in str(e.value)
    assert not (tmp_path / 'out').exists() or not any(
        (tmp_path / 'out').iterdir())


@pytest.mark.parametrize('tool', CONVERTERS)
def test_output_over_the_source_is_refused(tool, tmp_path, monkeypatch):
    src = tmp_path / 'official.pth'
    torch.save({'state_dict': {'w': torch.zeros(3)}}, src)
    before = src.read_bytes()
    with pytest.raises(ValueError, match='source checkpoint itself'):
        _main(tool, src, src, monkeypatch)
    assert src.read_bytes() == before


def test_one_line_on_the_command_line(tmp_path):
    src = tmp_path / 'official.pth'
    src.write_bytes(b'PK\x03\x04 not really a zip')
    res = run_tool(['tools/model_converters/shelfnet2mmseg.py', str(src),
                    str(tmp_path / 'o.pth')])
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2 and str(src) in lines[0]
    assert 'weights_only' not in res.stderr
    assert 'checkpoints already saved' not in res.stderr
