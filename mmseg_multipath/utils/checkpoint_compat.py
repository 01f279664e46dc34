"""Safe loading of mmengine checkpoints under torch >= 2.6.

torch 2.6 made ``torch.load`` default to ``weights_only=True``. mmengine
0.10.7 calls ``torch.load`` without that argument, and its checkpoints carry
more than tensors (the message hub's ``HistoryBuffer`` objects and numpy
arrays, scalars and dtypes), so ``tools/test.py CKPT``, ``--resume`` and
``load_from`` all fail as shipped.

:func:`patch_mmengine_checkpoint_loading` (applied on ``import
mmseg_multipath``) keeps ``weights_only=True`` and allow-lists exactly the
types mmengine writes (:data:`MMENGINE_SAFE_GLOBALS`; ``getattr`` only as a
stand-in restricted to ``HistoryBuffer`` statistics methods), only while
mmengine's
``CheckpointLoader`` loads a file. A checkpoint that carries anything else is
refused with :class:`UnsafeCheckpointError`, which says how a user who trusts
the file can opt in: the environment variable ``MMSEG_MP_TRUST_CHECKPOINTS``
set to the file's path (several separated by ``os.pathsep``) or to ``1`` for
every file. The safety is never switched off by default, nor globally.
"""
import os
import os.path as osp
import pickle
import warnings
import zipfile
from typing import Callable, List, Tuple, Union

import numpy as np
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader
from numpy._core import multiarray

from .checkpoint_files import check_checkpoint_file, describe_load_error

TRUST_ENV = 'MMSEG_MP_TRUST_CHECKPOINTS'


class UnsafeCheckpointError(pickle.UnpicklingError):
    """A checkpoint holds objects outside the allow-list; it was not loaded."""


def _numpy_globals() -> List[Union[Callable, Tuple[Callable, str]]]:
    reconstruct, scalar = multiarray._reconstruct, multiarray.scalar
    items: List[Union[Callable, Tuple[Callable, str]]] = [
        np.ndarray, np.dtype, reconstruct, scalar,
        # files written with numpy 1.x name the same functions under
        # ``numpy.core``
        (reconstruct, 'numpy.core.multiarray._reconstruct'),
        (scalar, 'numpy.core.multiarray.scalar'),
    ]
    # numpy >= 1.25 pickles dtypes by their class (numpy.dtypes.Float64DType)
    for name in dir(np.dtypes):
        obj = getattr(np.dtypes, name)
        if isinstance(obj, type) and issubclass(obj, np.dtype):
            items.append(obj)
    return items


def _history_buffer_getattr(obj, name: str):
    """``getattr`` restricted to a HistoryBuffer's statistics methods.

    A ``HistoryBuffer`` pickles its statistics methods (``min``, ``max``,
    ``current``, ``mean`` and user-registered ones) by reference, as
    ``getattr(HistoryBuffer, 'min')``. Allowing the builtin ``getattr``
    would open every attribute of every loaded object; this stand-in,
    registered under the builtin's name, allows exactly those lookups.
    """
    allowed = {'min', 'max', 'current', 'mean'} | set(
        HistoryBuffer._statistics_methods)
    if (obj is HistoryBuffer or type(obj) is HistoryBuffer) and \
            name in allowed:
        return getattr(obj, name)
    raise pickle.UnpicklingError(
        f'getattr({obj!r}, {name!r}) is not allowed: only '
        'HistoryBuffer statistics methods may be looked up')


def _mmengine_globals() -> list:
    return [
        HistoryBuffer, (_history_buffer_getattr, 'builtins.getattr'),
        (_history_buffer_getattr, '__builtin__.getattr')
    ]


# bytes: numpy pickles the buffer of an empty array (and mmengine's empty
# HistoryBuffer holds empty arrays) as builtins.bytes; as harmless as str.
MMENGINE_SAFE_GLOBALS = _numpy_globals() + _mmengine_globals() + [bytes]


def _trusted(filename: str) -> bool:
    value = os.environ.get(TRUST_ENV, '')
    if not value:
        return False
    if value.strip() == '1':
        return True
    wanted = {osp.realpath(osp.expanduser(p)) for p in value.split(os.pathsep)
              if p}
    return osp.realpath(osp.expanduser(filename)) in wanted


def safe_load(loader: Callable, filename: str, *args, **kwargs):
    """Run a ``torch.load``-based ``loader`` with mmengine's allow-list.

    Args:
        loader: a function that calls ``torch.load`` (mmengine's scheme
            loaders); it runs with ``weights_only=True`` (torch's default).
        filename: the checkpoint, for messages and the trust check.

    Raises:
        UnsafeCheckpointError: the file holds objects outside the allow-list
            and the user did not opt in for it.
        CheckpointFileError: a local file that is empty, truncated, corrupt
            or not a checkpoint (the message names the file and the fault).
    """
    local = osp.isfile(osp.expanduser(str(filename)))
    try:
        with torch.serialization.safe_globals(MMENGINE_SAFE_GLOBALS):
            return loader(filename, *args, **kwargs)
    except (RuntimeError, EOFError, OSError, zipfile.BadZipFile) as e:
        if not local:
            raise
        raise describe_load_error(osp.expanduser(filename), e) from None
    except pickle.UnpicklingError as e:
        text = str(e).lower()
        if local:
            path = osp.expanduser(filename)
            if 'truncated' in text or 'ran out of input' in text:
                raise describe_load_error(path, e) from None
            check_checkpoint_file(path)  # not a torch file at all?
        if local and _trusted(filename):
            warnings.warn(f'Loading "{filename}" with weights_only=False '
                          f'because {TRUST_ENV} trusts it: it may run code.')
            map_location = args[0] if args else kwargs.get('map_location')
            return torch.load(osp.expanduser(filename),
                              map_location=map_location, weights_only=False)
        detail = str(e).split('\n')
        culprit = next((line.strip() for line in detail
                        if 'Unsupported global' in line or 'GLOBAL' in line),
                       detail[0])
        how = (f'set {TRUST_ENV}={osp.abspath(osp.expanduser(filename))} '
               f'(or {TRUST_ENV}=1 for every file) and run again'
               if local else 'download it and load the local file with '
               f'{TRUST_ENV} set to its path')
        raise UnsafeCheckpointError(
            f'Refused to load checkpoint "{filename}": it holds objects '
            f'outside the allow-list of what mmengine checkpoints store '
            f'({culprit}). Unpickling them could run arbitrary code. If you '
            f'trust this file, {how}.') from None


def patch_mmengine_checkpoint_loading() -> None:
    """Route every mmengine checkpoint scheme through :func:`safe_load`.

    Idempotent. Covers ``load_checkpoint``, ``Runner.load_checkpoint``,
    ``--resume``, ``load_from`` and ``init_cfg=dict(type='Pretrained')``,
    which all go through ``mmengine.runner.CheckpointLoader``.
    """
    if getattr(CheckpointLoader, '_mmseg_mp_safe', False):
        return
    for prefix, loader in list(CheckpointLoader._schemes.items()):
        def wrapped(filename, *args, _loader=loader, **kwargs):
            return safe_load(_loader, filename, *args, **kwargs)
        wrapped.__name__ = loader.__name__  # mmengine logs name[10:]
        wrapped.__doc__ = loader.__doc__
        CheckpointLoader._schemes[prefix] = wrapped
    CheckpointLoader._mmseg_mp_safe = True
