"""The fast tier's list (tests/slow_tests.txt) names tests that exist: a
renamed or deleted slow test would otherwise fall back into the fast tier
in silence."""
import os.path as osp
import re

from .conftest import ROOT, slow_tests


def test_every_listed_slow_test_exists():
    listed = slow_tests()
    assert listed
    for entry in sorted(listed):
        path, _, name = entry.partition('::')
        assert name and osp.isfile(osp.join(ROOT, path)), entry
        source = open(osp.join(ROOT, path)).read()
        assert re.search(rf'^def {re.escape(name)}\(', source, re.M), entry


def test_the_full_suite_runs_every_test_folder():
    """tools/run_tests.sh runs the suite in two processes by listing the
    folders: a new one must be listed, or CI would skip it in silence."""
    import glob
    script = open(osp.join(ROOT, 'tools', 'run_tests.sh')).read()
    for path in sorted(glob.glob(osp.join(ROOT, 'tests', 'test_*'))):
        name = osp.relpath(path, ROOT)
        assert re.search(rf'(^|\s|\(){re.escape(name)}(\s|\))', script), name
