"""steady_malloc against glibc's own accounting (mallinfo2): a 64 MB block
gets a mapping of its own with the defaults, comes from the heap after
steady_malloc, and the heap keeps it once freed; default_malloc returns
the kept memory and mappings come back. Run in a child process, so the
test process keeps glibc's defaults."""
import subprocess
import sys

import pytest

CHILD = r'''
import ctypes, ctypes.util
from mmseg_multipath.utils.steady_malloc import default_malloc, steady_malloc

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        'arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks',
        'fsmblks', 'uordblks', 'fordblks', 'keepcost')]

libc = ctypes.CDLL(ctypes.util.find_library('c'))
libc.mallinfo2.restype = MallInfo2
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
SIZE = 64 << 20

def block():
    before = libc.mallinfo2()
    p = libc.malloc(SIZE)
    during = libc.mallinfo2()
    libc.free(p)
    after = libc.mallinfo2()
    return (during.hblks - before.hblks, during.arena - before.arena,
            after.arena - before.arena)

print(*block())
print(steady_malloc())
print(*block())
arena = libc.mallinfo2().arena
print(default_malloc(), arena - libc.mallinfo2().arena)
print(*block())
'''


@pytest.mark.skipif(not sys.platform.startswith('linux'),
                    reason='glibc only')
def test_large_blocks_come_from_the_heap_and_stay():
    out = subprocess.run([sys.executable, '-c', CHILD], capture_output=True,
                         text=True, check=True).stdout.split('\n')
    maps, grew, _ = map(int, out[0].split())
    assert maps == 1 and grew == 0  # glibc's default: its own mapping
    assert out[1] == 'True'
    maps, grew, kept = map(int, out[2].split())
    assert maps == 0 and grew > 32 << 20  # from the heap
    assert kept == grew  # not trimmed once freed
    done, returned = out[3].split()
    assert done == 'True' and int(returned) >= grew  # trimmed
    maps, grew, _ = map(int, out[4].split())
    assert maps == 1 and grew == 0  # mappings again
