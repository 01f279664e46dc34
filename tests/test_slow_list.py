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
