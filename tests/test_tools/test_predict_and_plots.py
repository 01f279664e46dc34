"""tools/predict.py (label, colour, overlay for every image) and
tools/analysis_tools/plot_logs.py (curves from generated logs)."""
import json
import os

import cv2
import numpy as np
import pytest

from mmseg_multipath.datasets import CAMVID_PALETTE
from ..conftest import DEMO_CONFIG, load_tool, run_tool


def test_predict_writes_label_colour_and_overlay(demo_root, demo_checkpoint,
                                                 tmp_path):
    out = tmp_path / 'pred'
    res = run_tool(['tools/predict.py', DEMO_CONFIG, str(demo_checkpoint),
                    os.path.join(demo_root, 'img_dir', 'test'), '-o',
                    str(out)])
    assert res.returncode == 0, res.stderr[-3000:]
    names = sorted(os.listdir(os.path.join(demo_root, 'img_dir', 'test')))
    assert len(os.listdir(out)) == 3 * len(names) == 48
    stem = os.path.splitext(names[0])[0]
    label = cv2.imread(str(out / f'{stem}_label.png'), cv2.IMREAD_UNCHANGED)
    colour = cv2.imread(str(out / f'{stem}_color.png'))[..., ::-1]
    assert label.shape == (120, 160) and label.max() <= 10
    np.testing.assert_array_equal(colour, np.array(CAMVID_PALETTE,
                                                   np.uint8)[label])
    assert (out / f'{stem}_overlay.png').is_file()
    # mmseg's build warnings that a user cannot act on are not printed
    assert 'build_loss' not in res.stderr
    assert 'avg_non_ignore' not in res.stderr


def test_predict_keeps_inputs_of_the_same_name_apart(demo_root,
                                                     demo_checkpoint,
                                                     tmp_path):
    """Same file name in two folders, same stem with two extensions, and a
    file named twice: every input gets its own outputs (the tree is
    mirrored), nothing is overwritten."""
    src = os.path.join(demo_root, 'img_dir', 'test')
    first, second = sorted(os.listdir(src))[:2]
    inputs = tmp_path / 'inputs'
    for sub in ('a', 'b'):
        (inputs / sub).mkdir(parents=True)
    img1, img2 = cv2.imread(os.path.join(src, first)), cv2.imread(
        os.path.join(src, second))
    cv2.imwrite(str(inputs / 'a' / 'x.png'), img1)
    cv2.imwrite(str(inputs / 'b' / 'x.png'), img2)
    cv2.imwrite(str(inputs / 'a' / 'x.jpg'), img2)
    cv2.imwrite(str(inputs / 'a' / 'x_png.png'), img1)  # x.png's new name
    out = tmp_path / 'pred'
    res = run_tool(['tools/predict.py', DEMO_CONFIG, str(demo_checkpoint),
                    str(inputs), str(inputs / 'a' / 'x.png'), '-o',
                    str(out)])
    assert res.returncode == 0, res.stderr[-3000:]
    written = sorted(os.path.relpath(os.path.join(r, f), out)
                     for r, _, fs in os.walk(out) for f in fs)
    assert written == sorted(f'{name}_{kind}.png' for name in (
        'a/x_png', 'a/x_jpg', 'a/x_png_2', 'b/x') for kind in (
            'label', 'color', 'overlay'))
    assert '4 image(s)' in res.stdout


def test_plot_logs_from_generated_log(tmp_path):
    for run, scale in (('a', 1.0), ('b', 2.0)):
        vis = tmp_path / run / '20260101_000000' / 'vis_data'
        vis.mkdir(parents=True)
        with open(vis / 'scalars.json', 'w') as f:
            for it in range(10, 101, 10):
                f.write(json.dumps(dict(loss=scale / it, lr=0.01 * (1 - it /
                                                                    100),
                                        iter=it, step=it)) + '\n')
                if it % 50 == 0:
                    f.write(json.dumps(dict(mIoU=it / 2, step=it)) + '\n')
    png = tmp_path / 'curves.png'
    res = run_tool(['tools/analysis_tools/plot_logs.py', str(tmp_path / 'a'),
                    str(tmp_path / 'b'), '-o', str(png)])
    assert res.returncode == 0, res.stderr[-2000:]
    assert png.stat().st_size > 20_000
    res = run_tool(['tools/analysis_tools/plot_logs.py', str(tmp_path / 'x')])
    assert res.returncode == 2 and 'scalars.json' in res.stderr
    # a run killed while writing its last record: plotted without it
    with open(vis / 'scalars.json', 'a') as f:
        f.write('{"loss": 0.5, "st')
    res = run_tool(['tools/analysis_tools/plot_logs.py', str(tmp_path / 'b'),
                    '-o', str(png)])
    assert res.returncode == 0, res.stderr[-2000:]
    assert 'line 13 is cut off' in res.stderr and 'scalars.json' in res.stderr


@pytest.mark.parametrize('content, words', [
    (bytes(range(128, 256)), 'is not a text log of mmengine'),
    (b'[1, 2, 3]\n', 'line 1 is not a record of scalars'),
    (b'{"loss": "0.5", "step": 1}\n', "line 1: loss is '0.5', not a number"),
])
def test_plot_logs_bad_content_is_one_line(content, words, tmp_path):
    vis = tmp_path / 'w' / '20260101_000000' / 'vis_data'
    vis.mkdir(parents=True)
    (vis / 'scalars.json').write_bytes(content)
    load = load_tool('analysis_tools/plot_logs.py').load_curves
    with pytest.raises(ValueError, match='scalars.json') as info:
        load(str(tmp_path / 'w'))
    assert words in str(info.value)


def test_plot_labels_name_runs_that_share_a_folder_name():
    labels = load_tool('analysis_tools/plot_logs.py').run_labels
    assert labels(['w/res/seed0', 'w/res/seed1', 'w/dense/seed0']) == [
        'res/seed0', 'res/seed1', 'dense/seed0']
    assert labels(['w/a', 'w/b/']) == ['a', 'b']
    assert labels(['x/run/s', 'y/run/s']) == ['x/run/s', 'y/run/s']


def _one_image(demo_root, tmp_path):
    src = os.path.join(demo_root, 'img_dir', 'test')
    img = tmp_path / 'in' / 'frame.png'
    img.parent.mkdir()
    img.write_bytes(open(os.path.join(src, sorted(os.listdir(src))[0]),
                         'rb').read())
    return img


def test_predict_never_writes_through_a_link_out_of_the_folder(
        demo_root, demo_checkpoint, tmp_path):
    img = _one_image(demo_root, tmp_path)
    outside = tmp_path / 'outside.png'
    outside.write_bytes(b'keep me')
    out = tmp_path / 'pred'
    out.mkdir()
    (out / 'frame_label.png').symlink_to(outside)
    res = run_tool(['tools/predict.py', DEMO_CONFIG, str(demo_checkpoint),
                    str(img), '-o', str(out)])
    assert res.returncode == 2, res.stderr[-2000:]
    line = [ln for ln in res.stderr.splitlines() if ln.startswith('error:')]
    assert len(line) == 1 and 'is a link that leads out of -o' in line[0]
    assert outside.read_bytes() == b'keep me'
    # a linked folder that leaves OUT: nothing written through it either
    os.remove(out / 'frame_label.png')
    (tmp_path / 'elsewhere').mkdir()
    nested = tmp_path / 'in2' / 'sub'
    nested.mkdir(parents=True)
    (nested / 'frame.png').write_bytes(img.read_bytes())
    (tmp_path / 'in2' / 'other.png').write_bytes(img.read_bytes())
    (out / 'sub').symlink_to(tmp_path / 'elsewhere')
    res = run_tool(['tools/predict.py', DEMO_CONFIG, str(demo_checkpoint),
                    str(tmp_path / 'in2'), '-o', str(out)])
    assert res.returncode == 2 and 'leads out of -o' in res.stderr
    assert not os.listdir(tmp_path / 'elsewhere')


def test_predict_refuses_a_folder_another_run_writes(demo_root,
                                                     demo_checkpoint,
                                                     tmp_path):
    from mmseg_multipath.utils.work_dir_lock import lock_folder
    img = _one_image(demo_root, tmp_path)
    out = tmp_path / 'pred'
    fd = lock_folder(str(out), 'a test', '-o')
    try:
        res = run_tool(['tools/predict.py', DEMO_CONFIG,
                        str(demo_checkpoint), str(img), '-o', str(out)])
    finally:
        os.close(fd)
    assert res.returncode == 2, res.stderr[-2000:]
    assert f'is in use by a tools/predict.py run (pid {os.getpid()})' \
        in res.stderr
    assert not os.listdir(out)


def test_predict_names_the_file_it_cannot_write(demo_root, demo_checkpoint,
                                                tmp_path):
    """A file-size limit (ulimit -f): exit 2 and one line naming the file,
    never 'N image(s)' with outputs missing, and no half-written PNG."""
    import resource
    import signal

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        # above mmengine's temporary copy of the config, below an overlay
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    img = _one_image(demo_root, tmp_path)
    out = tmp_path / 'pred'
    res = run_tool(['tools/predict.py', DEMO_CONFIG, str(demo_checkpoint),
                    str(img), '-o', str(out)], preexec_fn=limit)
    assert res.returncode == 2, res.stderr[-2000:]
    line = [ln for ln in res.stderr.splitlines() if ln.startswith('error:')]
    assert len(line) == 1 and 'cannot write "' in line[0] and \
        'frame_' in line[0], res.stderr[-2000:]
    assert 'image(s)' not in res.stdout
    assert all(os.path.getsize(out / f) > 0 for f in os.listdir(out))
    assert not [f for f in os.listdir(out) if f.endswith('.part')]


def test_predict_refuses_an_image_bomb_by_its_header(demo_checkpoint,
                                                     tmp_path):
    """A 40000x40000 PNG of 8 kB: refused in one line naming its size,
    before anything is decoded (it gave a cv2 traceback)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack(
            '>I', zlib.crc32(kind + data) & 0xffffffff)
    w = h = 40000
    comp = zlib.compressobj(9)
    idat = b''.join(comp.compress(b'\0' * (w + 1)) for _ in range(50))
    png = (b'\x89PNG\r\n\x1a\n' +
           chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) +
           chunk(b'IDAT', idat + comp.flush()) + chunk(b'IEND', b''))
    (tmp_path / 'in').mkdir()
    (tmp_path / 'in' / 'bomb.png').write_bytes(png)
    res = run_tool(['tools/predict.py', DEMO_CONFIG, str(demo_checkpoint),
                    str(tmp_path / 'in'), '-o', str(tmp_path / 'out')])
    assert res.returncode == 2, res.stderr[-2000:]
    line = [ln for ln in res.stderr.splitlines() if ln.startswith('error:')]
    assert len(line) == 1 and 'bomb.png" is 40000x40000 (1600 megapixels)' \
        in line[0] and '--max-megapixels' in line[0]
