"""Running out of memory (a MemoryError, or torch's allocator under
``ulimit -v``) ends a tool in one line, and tools/predict.py names the
image and its size (it printed a RuntimeError traceback)."""
import numpy as np
import pytest

from mmseg_multipath.utils.cli import run_cli
from ..conftest import load_tool


def test_a_bare_memory_error_is_one_line(capsys):
    def main():
        raise MemoryError()
    with pytest.raises(SystemExit) as e:
        run_cli(main)
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert 'error: MemoryError: out of memory' in err
    assert 'Traceback' not in err


def test_predict_names_the_image_torch_could_not_allocate_for():
    predict_tool = load_tool('predict.py')
    bgr = np.zeros((300, 400, 3), np.uint8)

    def torch_allocator_fails(img):
        raise RuntimeError(
            '[enforce fail at alloc_cpu.cpp:127] err == 0. '
            "DefaultCPUAllocator: can't allocate memory: you tried to "
            'allocate 1584000000 bytes. Error code 12')
    with pytest.raises(MemoryError, match=r'out of memory predicting '
                       r'"big.png" \(400x300, 0.1 megapixels\)'):
        predict_tool.predict_within_memory(torch_allocator_fails, bgr,
                                           'big.png')

    def other_error(img):
        raise RuntimeError('shape mismatch')
    with pytest.raises(RuntimeError, match='shape mismatch'):
        predict_tool.predict_within_memory(other_error, bgr, 'big.png')
