"""Checkpoint files as files: present, a torch archive, complete, with
intact bytes; each fault one :class:`CheckpointFileError` naming the file.

No torch here: :mod:`.checkpoint_compat` (the safe loader) and
:mod:`.checkpoints` (reading, resuming, fitting) both build on these checks,
so that :mod:`.checkpoint_compat` need not import :mod:`.checkpoints` to
report a bad file. Nothing from torch, the OpenMMLab libraries or the rest
of the package is imported here (``tools/lint_imports.py: STANDALONE``).
"""
import os.path as osp
import zipfile

#: file name endings of configs (mmengine reads these); a "checkpoint" with
#: one of them is a config given in the wrong place
CONFIG_SUFFIXES = ('.py', '.yml', '.yaml', '.json')

# the first bytes of the two formats torch.save writes
_ZIP_MAGIC = b'PK\x03\x04'
_PICKLE_PROTOCOLS = tuple(bytes([0x80, p]) for p in range(2, 6))


class CheckpointFileError(ValueError):
    """A checkpoint file is missing, empty, truncated or not a checkpoint."""


def check_checkpoint_file(path: str, what: str = 'checkpoint') -> None:
    """Raise :class:`CheckpointFileError` if ``path`` cannot be a readable
    torch checkpoint (missing, empty, a config, truncated zip, other file).

    Passing this check does not load the file; a file that passes and still
    fails to load is reported by :func:`describe_load_error`.
    """
    if not osp.exists(path):
        raise CheckpointFileError(f'{what} "{path}" does not exist')
    if osp.isdir(path):
        raise CheckpointFileError(f'{what} "{path}" is a directory, not a '
                                  'checkpoint file')
    size = osp.getsize(path)
    if size == 0:
        raise CheckpointFileError(
            f'{what} "{path}" is empty (0 bytes): the run that wrote it was '
            'interrupted or the disk was full')
    if path.endswith(CONFIG_SUFFIXES):
        raise CheckpointFileError(
            f'{what} "{path}" is a config file, not a checkpoint: the order '
            'is CONFIG CHECKPOINT')
    with open(path, 'rb') as f:
        head = f.read(4)
    if head == _ZIP_MAGIC:
        if not zipfile.is_zipfile(path):
            raise CheckpointFileError(
                f'{what} "{path}" is truncated or corrupt ({size} bytes, the '
                'end of the archive is missing): the run that wrote it was '
                'interrupted or the disk was full')
        try:  # the central directory (read, not the records' data)
            with zipfile.ZipFile(path) as archive:
                archive.infolist()
        except zipfile.BadZipFile as e:
            raise CheckpointFileError(
                f'{what} "{path}" is corrupt (BadZipFile: {e}): its archive '
                'index is damaged; use another copy or an earlier '
                'checkpoint') from None
    elif not head.startswith(_PICKLE_PROTOCOLS):
        raise CheckpointFileError(
            f'{what} "{path}" is not a checkpoint (a file written by '
            f'torch.save starts with a zip or pickle header; this one starts '
            f'with {head!r})')


def describe_load_error(path: str, error: BaseException,
                        what: str = 'checkpoint') -> CheckpointFileError:
    """The clear error for a ``torch.load`` failure on ``path``."""
    check_checkpoint_file(path, what)  # raises the precise reason if any
    return CheckpointFileError(
        f'{what} "{path}" is corrupt and cannot be read '
        f'({type(error).__name__}'
        f': {str(error).splitlines()[0] if str(error) else ""})')


def check_archive_crcs(path: str, what: str = 'checkpoint') -> None:
    """Raise :class:`CheckpointFileError` naming the first record of a zip
    checkpoint (torch's format since 1.6) whose bytes no longer match the
    CRC-32 the archive stores for it: flipped bits on disk or in a copy,
    which ``torch.load`` does not notice. Reads the whole file once (about
    0.1 s per 100 MB here; see docs/get_started.md)."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise CheckpointFileError(
            f'{what} "{path}" is corrupt ({type(e).__name__}: {e})') from None
    if bad is not None:
        raise CheckpointFileError(
            f'{what} "{path}" is corrupt: the bytes of record "{bad}" do not '
            'match the checksum stored in the file (damaged on disk or in a '
            'copy); use another copy or an earlier checkpoint')
