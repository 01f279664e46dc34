"""Read (and, for tests, write) MXNet ``nd.save`` files without mxnet.

The released "Wider or Deeper" weights exist only as MXNet ``.params``
files. Their container (``NDArray::Save`` for a list with names, in
``src/ndarray/ndarray.cc``), little-endian:

    uint64 0x112 (list magic), uint64 0 (reserved)
    uint64 n, then n arrays:
        [uint32 magic: 0xF993fac8 (v1) | 0xF993fac9 (v2, + int32 stype)]
        shape: uint32 ndim, then ndim dims (uint32 in the legacy format
               without magic, int64 in v1/v2)
        int32 dev_type, int32 dev_id, int32 type_flag, then the raw data
    uint64 m, then m names: uint64 length + bytes ('arg:...' / 'aux:...')

Only dense arrays are supported (``stype`` 0); type flags 0 float32,
1 float64, 2 float16, 3 uint8, 4 int32, 5 int8, 6 int64.
"""
import struct
from collections import OrderedDict
from typing import BinaryIO, Dict

import numpy as np

LIST_MAGIC = 0x112
V1_MAGIC, V2_MAGIC = 0xF993FAC8, 0xF993FAC9
DTYPES = {0: np.float32, 1: np.float64, 2: np.float16, 3: np.uint8,
          4: np.int32, 5: np.int8, 6: np.int64}


class MXNetFormatError(ValueError):
    """The file is not an MXNet NDArray list (or uses an unsupported
    feature)."""


def _read(f: BinaryIO, fmt: str, path: str):
    size = struct.calcsize(fmt)
    data = f.read(size)
    if len(data) != size:
        raise MXNetFormatError(f'"{path}" ends early: truncated or not an '
                               'MXNet .params file')
    return struct.unpack(fmt, data)


def _read_array(f, path):
    (first, ) = _read(f, '<I', path)
    if first in (V1_MAGIC, V2_MAGIC):
        if first == V2_MAGIC:
            (stype, ) = _read(f, '<i', path)
            if stype != 0:
                raise MXNetFormatError(f'"{path}": sparse arrays (storage '
                                       f'type {stype}) are not supported')
        (ndim, ) = _read(f, '<I', path)
        shape = _read(f, f'<{ndim}q', path) if ndim else ()
    else:  # legacy: no magic, the first word is ndim, dims are uint32
        ndim = first
        if ndim > 32:
            raise MXNetFormatError(f'"{path}": bad array header {first:#x}')
        shape = _read(f, f'<{ndim}I', path) if ndim else ()
    if ndim == 0:
        return None
    _read(f, '<ii', path)  # context: device type and id
    (flag, ) = _read(f, '<i', path)
    if flag not in DTYPES:
        raise MXNetFormatError(f'"{path}": unknown type flag {flag}')
    dtype = np.dtype(DTYPES[flag])
    count = int(np.prod(shape))
    data = f.read(count * dtype.itemsize)
    if len(data) != count * dtype.itemsize:
        raise MXNetFormatError(f'"{path}" ends early inside an array')
    return np.frombuffer(data, dtype).reshape(shape).copy()


def read_mxnet_params(path: str) -> Dict[str, np.ndarray]:
    """``{name: array}`` from an MXNet ``nd.save`` file (names keep their
    ``arg:``/``aux:`` prefixes)."""
    with open(path, 'rb') as f:
        magic, _ = _read(f, '<QQ', path)
        if magic != LIST_MAGIC:
            raise MXNetFormatError(
                f'"{path}" is not an MXNet .params file (magic {magic:#x}, '
                f'expected {LIST_MAGIC:#x})')
        (n, ) = _read(f, '<Q', path)
        arrays = [_read_array(f, path) for _ in range(n)]
        (m, ) = _read(f, '<Q', path)
        names = []
        for _ in range(m):
            (length, ) = _read(f, '<Q', path)
            names.append(f.read(length).decode('utf-8'))
    if m != n:
        raise MXNetFormatError(f'"{path}": {n} arrays but {m} names')
    return OrderedDict(zip(names, arrays))


def write_mxnet_params(path: str, arrays: Dict[str, np.ndarray],
                       version: str = 'v2') -> None:
    """Write ``arrays`` in the same container ('legacy', 'v1' or 'v2')."""
    inv = {np.dtype(v): k for k, v in DTYPES.items()}
    with open(path, 'wb') as f:
        f.write(struct.pack('<QQQ', LIST_MAGIC, 0, len(arrays)))
        for arr in arrays.values():
            arr = np.ascontiguousarray(arr)
            if version == 'legacy':
                f.write(struct.pack(f'<I{arr.ndim}I', arr.ndim, *arr.shape))
            else:
                if version == 'v2':
                    f.write(struct.pack('<Ii', V2_MAGIC, 0))
                else:
                    f.write(struct.pack('<I', V1_MAGIC))
                f.write(struct.pack(f'<I{arr.ndim}q', arr.ndim, *arr.shape))
            f.write(struct.pack('<iii', 1, 0, inv[arr.dtype]))
            f.write(arr.tobytes())
        f.write(struct.pack('<Q', len(arrays)))
        for name in arrays:
            raw = name.encode('utf-8')
            f.write(struct.pack('<Q', len(raw)) + raw)
