"""Output files that appear only when complete.

``atomic_output(path)`` yields a temporary name beside ``path``
(``.NAME.part``); when the block ends without an error the file is
renamed to ``path`` (atomic on one file system), otherwise it is deleted.
Submission archives and release checkpoints are written this way, so an
error or a Ctrl-C never leaves a half-written file under the real name.
"""
import contextlib
import os
import os.path as osp


def part_path(path: str) -> str:
    """The temporary name of ``path`` while it is written."""
    return osp.join(osp.dirname(osp.abspath(path)),
                    f'.{osp.basename(path)}.part')


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
