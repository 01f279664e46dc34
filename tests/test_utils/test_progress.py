"""Progress bars off a terminal (issue: the CamVid converter wrote about
700 carriage-return redraws into a log): one line per tenth of the work,
no carriage return, results in order with worker processes."""
import io

from mmengine.utils import ProgressBar

from mmseg_multipath.utils.progress import LineProgress, progress_bar, track


def _square(x):
    return x * x


def test_off_a_terminal_one_line_per_tenth():
    out = io.StringIO()
    bar = progress_bar(701, out)
    assert isinstance(bar, LineProgress)
    for _ in range(701):
        bar.update()
    text = out.getvalue()
    assert '\r' not in text
    lines = text.splitlines()
    assert lines[0] == '0/701'
    assert len(lines) == 11, lines
    assert lines[-1].startswith('701/701 (100%)')


def test_on_a_terminal_mmengine_bar():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    assert isinstance(progress_bar(3, Tty()), ProgressBar)


def test_track_keeps_order_and_counts(capsys):
    assert track(_square, list(range(7)), nproc=2) == [x * x for x in
                                                       range(7)]
    assert track(_square, [3]) == [9]
    out = capsys.readouterr().out
    assert '\r' not in out and '7/7 (100%)' in out and '1/1 (100%)' in out


def test_track_quiet(capsys):
    assert track(_square, [1, 2], nproc=2, show=False) == [1, 4]
    assert capsys.readouterr().out == ''
