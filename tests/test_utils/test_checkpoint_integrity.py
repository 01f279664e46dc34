"""Damaged checkpoint bytes are refused by name; --resume stays inside
its work dir; release files (publish_model.py) as mmseg's."""
import hashlib
import os
import os.path as osp
import shutil
import zipfile

import pytest
import torch

from mmseg_multipath.utils.checkpoint_files import CheckpointFileError
from mmseg_multipath.utils.checkpoints import (find_resume_checkpoint,
                                               read_checkpoint)
from ..conftest import load_tool


def _save(path, value=1.0, it=1):
    torch.save({'state_dict': {'w': torch.full((64, 64), value)},
                'meta': {'iter': it}, 'optimizer': {'state': {}}}, path)
    return str(path)


def _flip_tensor_bytes(path):
    """Flip bytes inside the data record of the tensor (not the header)."""
    with zipfile.ZipFile(path) as z:
        info = next(i for i in z.infolist() if '/data/' in i.filename)
    with open(path, 'r+b') as f:
        f.seek(info.header_offset + 30 + len(info.filename.encode()) +
               len(info.extra) + 100)
        b = f.read(4)
        f.seek(-4, 1)
        f.write(bytes(x ^ 0xFF for x in b))
    return info.filename


def test_flipped_bytes_are_refused_naming_file_and_record(tmp_path):
    path = _save(tmp_path / 'iter_1.pth')
    record = _flip_tensor_bytes(path)
    # torch itself reads the damaged values without a word
    assert torch.load(path, weights_only=True)['state_dict']['w'].ne(1).any()
    with pytest.raises(CheckpointFileError) as e:
        read_checkpoint(path)
    assert path in str(e.value) and record in str(e.value)
    assert 'checksum' in str(e.value)


def test_resume_skips_a_damaged_checkpoint(tmp_path):
    _save(tmp_path / 'iter_1.pth', it=1)
    _flip_tensor_bytes(_save(tmp_path / 'iter_2.pth', it=2))
    path, ckpt = find_resume_checkpoint(str(tmp_path))
    assert path.endswith('iter_1.pth') and ckpt['meta']['iter'] == 1


def test_copied_work_dir_resumes_from_its_own_files(tmp_path):
    a, b = tmp_path / 'A', tmp_path / 'B'
    a.mkdir()
    _save(a / 'iter_1.pth', 1.0, 1)
    (a / 'last_checkpoint').write_text(str(a / 'iter_1.pth'))
    shutil.copytree(a, b)
    _save(a / 'iter_2.pth', 2.0, 2)  # A goes on training
    (a / 'last_checkpoint').write_text(str(a / 'iter_2.pth'))
    shutil.copy(a / 'last_checkpoint', b / 'last_checkpoint')
    path, ckpt = find_resume_checkpoint(str(b))
    assert osp.dirname(path) == str(b) and ckpt['meta']['iter'] == 1


def test_publish_strips_training_state_and_hashes_the_name(tmp_path):
    publish = load_tool("misc/publish_model.py").publish
    work = tmp_path / 'work'
    work.mkdir()
    _save(work / 'iter_4.pth', it=4)
    _save(work / 'best_mIoU_iter_2.pth', 3.0, 2)
    out = publish(str(work), str(tmp_path / 'rel' / 'model.pth'))
    sha = hashlib.sha256(open(out, 'rb').read()).hexdigest()
    assert osp.basename(out) == f'model-{sha[:8]}.pth'
    ckpt = torch.load(out, weights_only=True)
    assert set(ckpt) == {'state_dict', 'meta'}  # optimizer gone
    assert ckpt['state_dict']['w'].eq(3.0).all()  # the best one
    assert os.listdir(tmp_path / 'rel') == [osp.basename(out)]
    with pytest.raises(ValueError, match='must end in .pth'):
        publish(str(work), str(tmp_path / 'model.ckpt'))


def test_publish_a_state_dict_that_is_a_list_is_named(tmp_path):
    publish = load_tool("misc/publish_model.py").publish
    bad = tmp_path / 'list.pth'
    torch.save({'state_dict': [torch.zeros(1)], 'meta': {}}, bad)
    with pytest.raises(CheckpointFileError, match='list.pth" has no '
                       'state_dict'):
        publish(str(bad), str(tmp_path / 'rel.pth'))
