"""AtomicCheckpointHook: the old checkpoint goes only after the new one is
completely on disk; a crash mid-write leaves the earlier one readable and
named by last_checkpoint."""
import os
import os.path as osp
from types import SimpleNamespace

import pytest
import torch
from mmengine.logging import MessageHub

from mmseg_multipath.engine.hooks import AtomicCheckpointHook
from mmseg_multipath.utils.checkpoints import (find_resume_checkpoint,
                                               read_checkpoint)


class FakeRunner:
    """What CheckpointHook touches: save_checkpoint, work_dir, the message
    hub, iter; ``fail_at`` makes the save of that file die half-written."""

    def __init__(self, work_dir, fail_at=None):
        self.work_dir = str(work_dir)
        self.message_hub = MessageHub.get_instance(f'ckpt-{id(self)}')
        self.iter = 0
        self.epoch = 0
        self.fail_at = fail_at
        self.logger = SimpleNamespace(info=lambda *a: None)

    def save_checkpoint(self, out_dir, filename, *args, **kwargs):
        path = osp.join(out_dir, filename)
        torch.save({'state_dict': {'w': torch.full((4, ), self.iter)},
                    'meta': {'iter': self.iter}}, path)
        if self.fail_at == self.iter:
            with open(path, 'r+b') as f:
                f.truncate(osp.getsize(path) // 2)
            raise OSError(28, 'No space left on device')


def make_hook(work_dir, **kwargs):
    hook = AtomicCheckpointHook(interval=1, by_epoch=False, **kwargs)
    runner = FakeRunner(work_dir)
    hook.before_train(runner)
    return hook, runner


def step(hook, runner, it):
    runner.iter = it - 1  # after_train_iter saves iteration runner.iter + 1
    hook._save_checkpoint(runner)


def test_rotation_keeps_one_and_names_it(tmp_path):
    hook, runner = make_hook(tmp_path, max_keep_ckpts=1)
    for it in (1, 2, 3):
        step(hook, runner, it)
    assert sorted(os.listdir(tmp_path)) == ['iter_3.pth', 'last_checkpoint']
    with open(tmp_path / 'last_checkpoint') as f:
        assert f.read() == str(tmp_path / 'iter_3.pth')
    assert read_checkpoint(str(tmp_path / 'iter_3.pth'))['meta']['iter'] == 2


def test_crash_while_writing_keeps_the_old_checkpoint(tmp_path):
    hook, runner = make_hook(tmp_path, max_keep_ckpts=1)
    step(hook, runner, 1)
    runner.fail_at = 1  # iteration 2 (runner.iter 1) dies mid-write
    with pytest.raises(OSError):
        step(hook, runner, 2)
    names = os.listdir(tmp_path)
    assert 'iter_1.pth' in names and 'iter_2.pth' not in names, names
    path, ckpt = find_resume_checkpoint(str(tmp_path))
    assert path.endswith('iter_1.pth') and ckpt['meta']['iter'] == 0
    with open(tmp_path / 'last_checkpoint') as f:
        assert f.read().endswith('iter_1.pth')


def test_mmengine_hook_loses_everything_in_the_same_crash(tmp_path):
    """The reference: mmengine's own CheckpointHook deletes first."""
    from mmengine.hooks import CheckpointHook
    hook = CheckpointHook(interval=1, by_epoch=False, max_keep_ckpts=1)
    runner = FakeRunner(tmp_path)
    hook.before_train(runner)
    step(hook, runner, 1)
    runner.fail_at = 1
    with pytest.raises(OSError):
        step(hook, runner, 2)
    with pytest.raises(Exception):
        find_resume_checkpoint(str(tmp_path))


def test_the_runner_uses_the_atomic_hook():
    from mmengine.config import Config

    from mmseg_multipath.engine import apply_safeguards
    cfg = Config(dict(default_hooks=dict(checkpoint=dict(
        type='CheckpointHook', interval=5, max_keep_ckpts=2))))
    apply_safeguards(cfg)
    assert cfg.default_hooks.checkpoint == dict(
        type='AtomicCheckpointHook', interval=5, max_keep_ckpts=2)


def _best(hook, runner, it, miou):
    runner.iter = it
    hook._save_best_checkpoint(runner, {'mIoU': miou})


def test_best_checkpoint_is_written_whole_or_not_at_all(tmp_path):
    """A new best replaces the previous one; a crash while it is written
    leaves the previous best, and no half-written file under any name."""
    hook, runner = make_hook(tmp_path, save_best='mIoU', rule='greater',
                             max_keep_ckpts=1)
    _best(hook, runner, 1, 10.0)
    _best(hook, runner, 2, 20.0)
    assert os.listdir(tmp_path) == ['best_mIoU_iter_2.pth']
    # with a step checkpoint saved, mmengine re-saves it after a new best
    # (with positional arguments, from inside the best save)
    step(hook, runner, 3)
    _best(hook, runner, 3, 25.0)
    assert sorted(os.listdir(tmp_path)) == [
        'best_mIoU_iter_3.pth', 'iter_3.pth', 'last_checkpoint']
    runner.fail_at = 4
    with pytest.raises(OSError):
        _best(hook, runner, 4, 30.0)
    assert sorted(os.listdir(tmp_path)) == [
        'best_mIoU_iter_3.pth', 'iter_3.pth', 'last_checkpoint']
    assert read_checkpoint(str(tmp_path / 'best_mIoU_iter_3.pth'))[
        'meta']['iter'] == 3
    assert 'save_checkpoint' not in vars(runner)


def test_real_run_with_save_best(demo_root, tmp_path):
    """The config's runner (MultipathRunner) puts the hook in place of
    mmengine's CheckpointHook: step and best checkpoints at every
    validation, nothing temporary left."""
    from mmseg_multipath.engine import build_runner
    from ..conftest import demo_cfg
    cfg = demo_cfg(demo_root, tmp_path, max_iters=2)
    cfg.train_cfg.val_interval = 1
    cfg.default_hooks.checkpoint.update(interval=1, max_keep_ckpts=1,
                                        save_best='mIoU', rule='greater')
    cfg.train_dataloader.batch_size = 2
    build_runner(cfg).train()
    names = sorted(n for n in os.listdir(tmp_path) if n.endswith('.pth'))
    assert 'iter_2.pth' in names and any(n.startswith('best_mIoU_iter_')
                                         for n in names), names
    assert not [n for n in os.listdir(tmp_path) if n.endswith('.part')]
    for name in names:
        read_checkpoint(str(tmp_path / name))
