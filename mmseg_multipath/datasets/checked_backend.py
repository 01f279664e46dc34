"""``checked_local``: mmengine's local file backend, with files named on error.

mmcv's ``LoadImageFromFile`` reads through an mmengine file backend chosen
by its ``backend_args``. On an empty (0-byte) file the local backend
returns ``b''`` and cv2 then fails with ``!buf.empty()``, naming no file; a
folder gives an ``IsADirectoryError`` deep in a traceback. This backend,
registered with mmengine's public ``register_backend`` as
``checked_local``, refuses a missing path, a folder and a 0-byte file with
one :class:`~mmseg_multipath.datasets.checks.DataError` that names it, and
otherwise reads as :class:`mmengine.fileio.LocalBackend` does.

The test pipelines of the project's configs load images with
``dict(type='LoadImageFromFile', backend_args=dict(backend='checked_local'))``
(``edit_pipeline.checked_loaders(..., check_images=False)``): the type name
stays mmcv's, which ``mmseg.apis.MMSegInferencer`` looks for and swaps for
its ``InferencerLoader`` (keeping the arguments), so ``tools/test.py``,
``mmseg.apis.inference_model`` and ``MMSegInferencer`` all name a bad file.
"""
from pathlib import Path
from typing import Union

from mmengine.fileio import LocalBackend, register_backend

from .checks import check_local_file

BACKEND_NAME = 'checked_local'


class CheckedLocalBackend(LocalBackend):
    """:class:`mmengine.fileio.LocalBackend` whose reads name a missing,
    folder or empty file (see module doc)."""

    def get(self, filepath: Union[str, Path]) -> bytes:
        check_local_file(str(filepath), 'file')
        return super().get(filepath)

    def get_text(self, filepath: Union[str, Path],
                 encoding: str = 'utf-8') -> str:
        check_local_file(str(filepath), 'file')
        return super().get_text(filepath, encoding)


register_backend(BACKEND_NAME, CheckedLocalBackend)
