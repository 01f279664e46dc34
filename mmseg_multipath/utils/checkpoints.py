"""Checkpoint files for the tools: readable or one clear error, the newest
readable one for auto-resume, and a strict fit check for testing.

Every load of an mmengine checkpoint goes through
:func:`~mmseg_multipath.utils.checkpoint_compat.safe_load`, which calls
``checkpoint_files.check_checkpoint_file`` when ``torch.load`` fails, so a
truncated, empty or foreign file ends with :class:`CheckpointFileError`
naming the file and what is wrong with it instead of a zip-reader
traceback.
"""
import glob
import os.path as osp
import re
from typing import Dict, List, Tuple

import torch
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper

from .checkpoint_compat import safe_load
from .checkpoint_files import (_ZIP_MAGIC, CheckpointFileError,
                               check_archive_crcs, check_checkpoint_file,
                               describe_load_error)
from .files import atomic_output, is_inside

# what this module offers; the file checks it uses (check_checkpoint_file,
# CheckpointFileError) are checkpoint_files.py's and imported from there
__all__ = [
    'read_checkpoint', 'check_output_path', 'save_checkpoint_file',
    'resume_candidates', 'find_resume_checkpoint', 'state_dict_of',
    'strip_module_prefix', 'check_state_dict_fits',
    'check_state_dict_finite', 'checkpoint_meta'
]


def read_checkpoint(path: str, what: str = 'checkpoint') -> dict:
    """Load ``path`` on the CPU with the safe loader (memory-mapped, so
    large tensors are not held twice) after checking the archive's CRCs;
    :class:`CheckpointFileError` if unreadable or damaged.
    """
    check_checkpoint_file(path, what)
    with open(path, 'rb') as f:
        zipped = f.read(4) == _ZIP_MAGIC
    if zipped:
        check_archive_crcs(path, what)

    def load(filename, map_location=None):
        return torch.load(filename, map_location=map_location, mmap=zipped,
                          weights_only=True)

    return safe_load(load, path, map_location='cpu')


def check_output_path(dst: str, src: str) -> None:
    """ValueError when a converter's output would replace its source or is
    a folder."""
    if osp.realpath(dst) == osp.realpath(src):
        raise ValueError(f'output "{dst}" is the source checkpoint itself: '
                         'write the converted file under another name')
    if osp.isdir(dst):
        raise ValueError(f'output "{dst}" is a folder; give a file name '
                         '(e.g. {}/converted.pth)'.format(dst.rstrip('/')))


def save_checkpoint_file(obj, dst: str) -> None:
    """``torch.save`` to ``dst`` under a temporary name, renamed when
    complete (the output folder is created)."""
    with atomic_output(dst) as part:
        torch.save(obj, part)


def _iteration(path: str) -> int:
    m = re.search(r'(\d+)\.pth$', osp.basename(path))
    return int(m.group(1)) if m else -1


def resume_candidates(work_dir: str) -> List[str]:
    """Checkpoints of ``work_dir``, newest first: the one named in
    ``last_checkpoint``, then ``iter_*.pth`` / ``epoch_*.pth`` by number."""
    found = sorted(glob.glob(osp.join(work_dir, 'iter_*.pth')) +
                   glob.glob(osp.join(work_dir, 'epoch_*.pth')),
                   key=lambda p: (_iteration(p), osp.getmtime(p)),
                   reverse=True)
    last = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(last):
        with open(last) as f:
            named = f.read().strip()
        if named and not is_inside(named, work_dir):
            # a copied work dir: its last_checkpoint names the original's
            # (possibly newer) checkpoint; resume only from this work dir
            local = osp.join(work_dir, osp.basename(named))
            print_log(
                f'--resume: last_checkpoint names "{named}", outside the '
                f'work dir "{osp.abspath(work_dir)}" (copied from another '
                'run?): ignored, resuming from '
                + ('its copy here' if osp.isfile(local) else
                   "this work dir's newest checkpoint"),
                logger='current', level=30)
            named = local if osp.isfile(local) else ''
        if named:
            found = [named] + [p for p in found
                               if osp.abspath(p) != osp.abspath(named)]
    return found


def find_resume_checkpoint(work_dir: str) -> Tuple[str, dict]:
    """The newest readable checkpoint of ``work_dir`` and its contents.

    Unreadable ones (truncated by a crash or a full disk) are skipped with
    a message saying so. Raises FileNotFoundError when there is none.
    """
    skipped = []
    for path in resume_candidates(work_dir):
        try:
            ckpt = read_checkpoint(path)
        except (CheckpointFileError, OSError) as e:
            skipped.append(f'{osp.basename(path)} ({e})')
            continue
        for s in skipped:
            print_log(f'--resume: skipped unreadable checkpoint {s}',
                      logger='current', level=30)
        if skipped:
            print_log(f'--resume: falling back to {path}', logger='current',
                      level=30)
        return path, ckpt
    where = osp.abspath(work_dir)
    if skipped:
        raise FileNotFoundError(
            f'--resume: no readable checkpoint in "{where}"; skipped: '
            + '; '.join(skipped))
    raise FileNotFoundError(
        f'--resume: no checkpoint found in "{where}" (looked for '
        'last_checkpoint, iter_*.pth and epoch_*.pth); train without '
        '--resume, or pass the checkpoint: --resume PATH')


def state_dict_of(ckpt) -> Dict:
    """The model state dict of a loaded checkpoint (mmengine or plain)."""
    if isinstance(ckpt, dict) and isinstance(ckpt.get('state_dict'), dict):
        return ckpt['state_dict']
    if isinstance(ckpt, dict):
        return ckpt
    raise CheckpointFileError('the checkpoint holds no state dict')


def strip_module_prefix(state: Dict) -> Dict:
    """``state`` without the ``module.`` prefixes that (Distributed)
    DataParallel adds to every key; order kept."""
    return {k[len('module.'):] if k.startswith('module.') else k: v
            for k, v in state.items()}


def check_state_dict_fits(model, state: Dict, path: str,
                          opt_out: str) -> None:
    """Raise ValueError naming the first missing, unexpected and
    shape-mismatched key when ``state`` does not fit ``model`` exactly."""
    if is_model_wrapper(model):
        model = model.module
    state = strip_module_prefix(state)
    ours = model.state_dict()
    missing = [k for k in ours if k not in state]
    unexpected = [k for k in state if k not in ours]
    mismatched = [k for k in ours if k in state and hasattr(state[k], 'shape')
                  and tuple(state[k].shape) != tuple(ours[k].shape)]
    if not (missing or unexpected or mismatched):
        return
    parts = []
    if mismatched:
        k = mismatched[0]
        parts.append(f'{len(mismatched)} shape mismatch(es), first '
                     f'{k}: checkpoint {tuple(state[k].shape)} vs model '
                     f'{tuple(ours[k].shape)}')
    if missing:
        parts.append(f'{len(missing)} missing key(s), first {missing[0]}')
    if unexpected:
        parts.append(f'{len(unexpected)} unexpected key(s), first '
                     f'{unexpected[0]}')
    raise ValueError(
        f'checkpoint "{path}" does not fit the model of this config ('
        + '; '.join(parts) + '): it belongs to another model or class count.'
        f' To load only what fits, pass {opt_out}')


def check_state_dict_finite(state: Dict, path: str) -> None:
    """Raise ValueError naming ``path`` and the first tensor of ``state``
    that holds NaN or Inf (a diverged run's weights predict one class
    everywhere and give a plausible-looking mIoU)."""
    for key, value in state.items():
        if torch.is_tensor(value) and value.is_floating_point() and \
                not bool(torch.isfinite(value).all()):
            raise ValueError(
                f'checkpoint "{path}" holds non-finite weights (NaN or Inf), '
                f'first in {key}: it comes from a diverged run; use an '
                'earlier checkpoint')


def checkpoint_meta(ckpt) -> dict:
    """``ckpt['meta']`` or an empty dict."""
    meta = ckpt.get('meta') if isinstance(ckpt, dict) else None
    return meta if isinstance(meta, dict) else {}


__all__ = [
    'CheckpointFileError', 'check_checkpoint_file', 'check_archive_crcs',
    'check_output_path', 'save_checkpoint_file',
    'describe_load_error',
    'read_checkpoint', 'resume_candidates', 'find_resume_checkpoint',
    'state_dict_of', 'strip_module_prefix', 'check_state_dict_fits',
    'check_state_dict_finite',
    'checkpoint_meta'
]
