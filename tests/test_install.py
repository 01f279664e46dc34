"""Installing into an environment that already has torch and mmcv:
``pip install -e .`` declares everything ``import mmseg_multipath`` needs
(setup.py's install_requires) and resolves offline against this
environment (pip's own resolver, no index)."""
import ast
import glob
import importlib.metadata as md
import os.path as osp
import re
import subprocess
import sys

from .conftest import ROOT

# built for the machine (CPU/CUDA) by the user or tools/setup_env.sh
PREINSTALLED = {'torch', 'torchvision', 'mmcv'}


def _imported_distributions():
    top = set()
    for path in glob.glob(osp.join(ROOT, 'mmseg_multipath', '**', '*.py'),
                          recursive=True):
        tree = ast.parse(open(path).read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                top |= {a.name.split('.')[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                top.add(node.module.split('.')[0])
    dists = md.packages_distributions()
    return {d for name in top - set(sys.stdlib_module_names) - {
        'mmseg_multipath'} for d in dists.get(name, [name])}


def _norm(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def test_install_requires_cover_every_import():
    requires = {_norm(re.split(r'[<>=!; \[]', r)[0])
                for r in md.requires('mmseg_multipath') or []
                if 'extra ==' not in r}
    needed = {_norm(d) for d in _imported_distributions()} - {
        _norm(p) for p in PREINSTALLED}
    assert 'mmpretrain' in needed  # the registry imports it
    assert needed <= requires, sorted(needed - requires)


def test_pip_install_editable_resolves_in_an_existing_environment():
    res = subprocess.run(
        [sys.executable, '-m', 'pip', 'install', '--dry-run', '--no-index',
         '--no-build-isolation', '--disable-pip-version-check', '-e', ROOT],
        capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert 'Would install mmseg_multipath' in res.stdout


def test_import_prints_no_pkg_resources_warning():
    """setuptools is pinned below 80.9, whose pkg_resources prints a
    UserWarning (from mmengine's and mmcv's imports) on every run."""
    res = subprocess.run([sys.executable, '-c', 'import mmseg_multipath'],
                         capture_output=True, text=True, timeout=300,
                         cwd=ROOT)
    assert res.returncode == 0, res.stderr[-2000:]
    assert 'pkg_resources' not in res.stderr
