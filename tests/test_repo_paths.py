"""Nothing in the repository points at files outside it: committed logs,
configs and docs name ``data/camvid`` and ``work_dirs/...``, never this
machine's folders (a benchmark log once carried ``/work/long/...`` work
dirs and ``/work/data/camvid``). Every tracked text file is read; the
folder above the checkout, this project's machine layout (``/work/``) and
the shared folder beside it (``../shared``) must not appear."""
import os
import os.path as osp
import subprocess

from .conftest import ROOT


def _tracked_files():
    try:
        out = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT,
                             capture_output=True, check=True).stdout
        return [f for f in out.decode().split('\0') if f]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout
        found = []
        for base, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if not d.startswith('.')]
            found += [osp.relpath(osp.join(base, f), ROOT) for f in files]
        return found


def outside_paths(text, parent):
    """The strings of ``text`` that point outside the repository."""
    needles = {parent.rstrip('/') + '/', '/work/', '../shared'}
    return sorted(n for n in needles if n in text)


def test_outside_paths_are_found():
    assert outside_paths("data_root = '/work/data/camvid'", '/x') == \
        ['/work/']
    assert outside_paths('see ../shared/papers', '/x') == ['../shared']
    assert outside_paths("work_dir = 'work_dirs/a'", '/x') == []


def test_no_tracked_file_points_outside_the_repository():
    parent = osp.dirname(ROOT)
    bad = []
    for rel in _tracked_files():
        if rel == 'tests/test_repo_paths.py':  # names what it looks for
            continue
        path = osp.join(ROOT, rel)
        if not osp.isfile(path) or osp.getsize(path) > 20_000_000:
            continue
        with open(path, 'rb') as f:
            data = f.read()
        if b'\0' in data[:8192]:  # binary (images, checkpoints)
            continue
        hits = outside_paths(data.decode('utf-8', 'replace'), parent)
        if hits:
            bad.append(f'{rel}: {hits}')
    assert not bad, 'paths outside the repository in:\n' + '\n'.join(bad)
