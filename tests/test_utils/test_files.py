"""utils/files: what lies inside a folder (the copied-work-dir guard and
the output-folder guard of tools/predict.py), images written whole."""
import os

import numpy as np
import pytest

from mmseg_multipath.utils.files import (check_output_inside, is_inside,
                                         write_image)


def test_a_sibling_with_the_same_prefix_is_not_inside(tmp_path):
    (tmp_path / 'run').mkdir()
    (tmp_path / 'run2').mkdir()
    assert is_inside(str(tmp_path / 'run' / 'iter_2.pth'),
                     str(tmp_path / 'run'))
    assert not is_inside(str(tmp_path / 'run2' / 'iter_2.pth'),
                         str(tmp_path / 'run'))
    (tmp_path / 'run' / 'link').symlink_to(tmp_path / 'run2')
    assert not is_inside(str(tmp_path / 'run' / 'link' / 'x'),
                         str(tmp_path / 'run'))


def test_links_out_of_the_folder_are_refused(tmp_path):
    out = tmp_path / 'out'
    out.mkdir()
    (out / 'inner.png').symlink_to(out / 'real.png')  # stays inside: fine
    check_output_inside(str(out / 'inner.png'), str(out))
    (out / 'a.png').symlink_to(tmp_path / 'victim.png')
    with pytest.raises(ValueError, match='is a link that leads out of -o'):
        check_output_inside(str(out / 'a.png'), str(out))


def test_write_image_is_whole_or_absent(tmp_path):
    path = tmp_path / 'x.png'
    write_image(str(path), np.zeros((4, 5, 3), np.uint8))
    assert path.stat().st_size > 0
    assert os.listdir(tmp_path) == ['x.png']
    with pytest.raises(OSError, match=r'cannot write ".*y\.png"'):
        # a file where a folder must be: the write fails, named
        write_image(str(tmp_path / 'x.png' / 'y.png'),
                    np.zeros((4, 5, 3), np.uint8))
    assert os.listdir(tmp_path) == ['x.png']


def test_one_naming_rule_for_temporary_files(tmp_path):
    from mmseg_multipath.utils.files import is_part_path, part_path
    for name in ('iter_4.pth', 'best_mIoU_iter_2.pth', 'frame.png'):
        tmp = part_path(str(tmp_path / name))
        assert is_part_path(tmp) and not is_part_path(name), tmp
        assert not is_part_path(part_path(name)[:-1])
