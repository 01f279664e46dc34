"""``AtomicCheckpointHook``: mmengine's ``CheckpointHook`` that never leaves
a work dir without a readable checkpoint.

mmengine's hook deletes the oldest checkpoint (``max_keep_ckpts``) and the
previous best one (``save_best``) *before* it writes the new one, and
writes in place: a crash, a SIGKILL or a full disk during the write leaves
a truncated file and nothing older. This hook writes every checkpoint
under a temporary name in the work dir (``.iter_N.pth.part``), flushes it
to disk, renames it into place (atomic on one file system), and only then
deletes what rotation drops; ``last_checkpoint`` is replaced the same way.
The best checkpoint keeps mmengine's logic, written the same way (temporary
name, flush, rename) and with the deletion of the previous best deferred
until the new one is in place.

``tools/train.py`` uses it in place of every ``CheckpointHook`` (same
arguments); in a config: ``default_hooks.checkpoint.type =
'AtomicCheckpointHook'``. Local file systems only (other backends: as
mmengine). mmengine has no public seam for where a checkpoint is written
and when rotation deletes, so the hook overrides private methods of
mmengine 0.10.7's ``CheckpointHook``; the version is pinned in setup.py and
tests/test_engine/test_mmengine_private_api.py fails, naming the method,
when mmengine changes them.
"""
import contextlib
import os
import os.path as osp

from mmengine.dist import is_main_process
from mmengine.hooks import CheckpointHook
from mmseg.registry import HOOKS

from ...utils.files import atomic_output, is_part_path, part_path


def fsync_file(path: str) -> None:
    with open(path, 'rb+') as f:
        os.fsync(f.fileno())


def replace_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically (temporary file + rename)."""
    with atomic_output(path) as tmp, open(tmp, 'w') as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


class _DeferredRemoval:
    """A file backend whose ``remove`` / ``rmtree`` wait for ``flush``."""

    def __init__(self, backend):
        self._backend = backend
        self.pending = []

    def remove(self, path):
        self.pending.append(('remove', path))

    def rmtree(self, path):
        self.pending.append(('rmtree', path))

    def flush(self):
        for op, path in self.pending:
            getattr(self._backend, op)(path)
        self.pending = []

    def __getattr__(self, name):
        return getattr(self._backend, name)


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """``CheckpointHook`` that writes checkpoints atomically and deletes old
    ones only once the new one is on disk. Takes ``CheckpointHook``'s
    arguments."""

    @contextlib.contextmanager
    def _removals_after(self):
        backend = self.file_backend
        deferred = _DeferredRemoval(backend)
        self.file_backend = deferred
        try:
            yield
        finally:
            self.file_backend = backend
        deferred.flush()  # only reached when the save succeeded

    def _local(self) -> bool:
        # no backend before ``before_train`` (a bare ``runner.val()``):
        # mmengine's own code path
        backend = getattr(self, 'file_backend', None)
        return type(backend).__name__ == 'LocalBackend'

    def _save_checkpoint_with_step(self, runner, step, meta):
        if not self._local():
            return super()._save_checkpoint_with_step(runner, step, meta)
        final = osp.join(self.out_dir, self.filename_tmpl.format(step))
        tmp = part_path(final)
        with self._removals_after():
            # mmengine's bookkeeping (keep_ckpt_ids, last_ckpt, rotation)
            # with the file written under the temporary name
            template = self.filename_tmpl
            try:
                self.filename_tmpl = _Template(template, step,
                                               osp.basename(tmp))
                super()._save_checkpoint_with_step(runner, step, meta)
            except BaseException:
                if osp.exists(tmp):  # the half-written file goes
                    os.remove(tmp)
                raise
            finally:
                self.filename_tmpl = template
            if is_main_process():
                fsync_file(tmp)
                os.replace(tmp, final)
                self.last_ckpt = final
                runner.message_hub.update_info('last_ckpt', final)
                replace_text(osp.join(runner.work_dir, 'last_checkpoint'),
                             final)

    def _save_best_checkpoint(self, runner, metrics) -> None:
        if not self._local():
            return super()._save_best_checkpoint(runner, metrics)
        with self._removals_after(), _atomic_saves(runner):
            super()._save_best_checkpoint(runner, metrics)


@contextlib.contextmanager
def _atomic_saves(runner):
    """Inside the block, ``runner.save_checkpoint`` writes under the
    temporary name and renames the complete file into place (mmengine's
    best-checkpoint save calls it with the final name)."""
    save = runner.save_checkpoint

    def atomic_save(out_dir, filename, *args, **kwargs):
        if is_part_path(filename):
            # already a temporary name: mmengine re-saves the step
            # checkpoint (through _save_checkpoint_with_step) from here
            return save(out_dir, filename, *args, **kwargs)
        final = osp.join(out_dir, filename)
        tmp = part_path(final)
        try:
            save(osp.dirname(tmp), osp.basename(tmp), *args, **kwargs)
        except BaseException:
            if osp.exists(tmp):
                os.remove(tmp)
            raise
        if osp.exists(tmp):  # written here (the main process)
            fsync_file(tmp)
            os.replace(tmp, final)

    own = vars(runner).get('save_checkpoint')
    runner.save_checkpoint = atomic_save
    try:
        yield
    finally:
        if own is None:
            del runner.save_checkpoint  # the class's method again
        else:
            runner.save_checkpoint = own


class _Template(str):
    """``filename_tmpl`` stand-in: the step being saved formats to its
    temporary name, every other step (the ones rotation deletes) to its
    real name."""

    def __new__(cls, template, step, tmp_name):
        obj = super().__new__(cls, template)
        obj._template, obj._step, obj._tmp = template, step, tmp_name
        return obj

    def format(self, *args, **kwargs):
        if args and args[0] == self._step and not kwargs:
            return self._tmp
        return self._template.format(*args, **kwargs)
