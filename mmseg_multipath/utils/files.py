"""Output files that appear only when complete.

``atomic_output(path)`` yields a temporary name beside ``path``
(``.NAME.part``); when the block ends without an error the file is
renamed to ``path`` (atomic on one file system), otherwise it is deleted.
Submission archives, release checkpoints and the images of
``tools/predict.py`` (``write_image``) are written this way, so an error, a
full disk or a Ctrl-C never leaves a half-written file under the real
name; ``check_output_inside`` refuses to write through a link that leaves
the output folder.
"""
import contextlib
import errno
import os
import os.path as osp

import cv2
import numpy as np


def part_path(path: str) -> str:
    """The temporary name of ``path`` while it is written (the one naming
    rule of temporary files; :func:`is_part_path` recognises it)."""
    return osp.join(osp.dirname(osp.abspath(path)),
                    f'.{osp.basename(path)}.part')


def is_part_path(path: str) -> bool:
    """Whether ``path`` is a temporary name made by :func:`part_path`."""
    name = osp.basename(path)
    return name.startswith('.') and name.endswith('.part') and len(name) > 6


@contextlib.contextmanager
def atomic_output(path: str):
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    part = part_path(path)
    try:
        yield part
        os.replace(part, path)
    finally:
        if osp.exists(part):
            os.remove(part)


def is_inside(path: str, folder: str) -> bool:
    """Whether ``path`` lies in ``folder`` (symbolic links resolved; by
    path components, so a sibling ``run2`` is not inside ``run``)."""
    path, folder = osp.realpath(path), osp.realpath(folder)
    return osp.commonpath([path, folder]) == folder


def check_output_inside(path: str, out_dir: str, flag: str = '-o') -> None:
    """Refuse (``ValueError``, one line) to write ``path`` when it, or a
    folder on the way to it, is a symbolic link that leads out of
    ``out_dir``: the tool would write a file outside the folder it was
    given."""
    target = osp.realpath(path)
    if not is_inside(target, out_dir):
        raise ValueError(
            f'output "{path}" is a link that leads out of {flag} '
            f'"{out_dir}" (to "{target}"): not written through; remove the '
            f'link or give another {flag}')


def write_image(path: str, img: np.ndarray) -> None:
    """Encode ``img`` (OpenCV channel order) by ``path``'s extension and
    write it under a temporary name, renamed when complete. Raises OSError
    naming ``path`` and the cause (cv2.imwrite returns False instead, and a
    full disk leaves a 0-byte file)."""
    ext = osp.splitext(path)[1] or '.png'
    ok, buf = cv2.imencode(ext, img)
    if not ok:
        raise ValueError(f'cannot encode "{path}" as {ext}')
    try:
        with atomic_output(path) as part, open(part, 'wb') as f:
            f.write(buf.tobytes())
    except OSError as e:
        code = e.errno or errno.EIO
        raise OSError(code, f'cannot write "{path}": '
                      f'{e.strerror or os.strerror(code)}') from None
