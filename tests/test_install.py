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


def _lint_imports():
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'lint_imports', osp.join(ROOT, 'tools', 'lint_imports.py'))
    lint = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lint)
    return lint


def _imported_distributions():
    """Distributions the package imports, but the optional extras' modules
    imported inside functions (where lint_imports.py allows them)."""
    top = set()
    lint = _lint_imports()
    for path in glob.glob(osp.join(ROOT, 'mmseg_multipath', '**', '*.py'),
                          recursive=True):
        tree = ast.parse(open(path).read())
        late = {id(n) for n in lint._function_imports(tree)}
        for node in ast.walk(tree):
            names = set()
            if isinstance(node, ast.Import):
                names = {a.name.split('.')[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = {node.module.split('.')[0]}
            if id(node) in late:
                names -= lint.OPTIONAL
            top |= names
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


def test_lint_imports_knows_the_optional_extras():
    """tools/lint_imports.py lets exactly the modules of setup.py's
    optional extras (not the test tools) be imported where they are
    used."""
    lint = _lint_imports()
    tree = ast.parse(open(osp.join(ROOT, 'setup.py')).read())
    extras = next(ast.literal_eval(n.value) for n in ast.walk(tree)
                  if isinstance(n, ast.Assign) and
                  getattr(n.targets[0], 'id', '') == 'EXTRAS_REQUIRE')
    dists = {_norm(d) for key, reqs in extras.items() if key != 'tests'
             for d in reqs}
    provided = {d: {d.replace('-', '_')} for d in dists}  # not installed
    for module, ds in md.packages_distributions().items():
        for d in ds:
            if _norm(d) in dists:
                provided[_norm(d)].add(module)
    # each extra's main module is allowed, and nothing else
    assert all(lint.OPTIONAL & mods for mods in provided.values())
    assert lint.OPTIONAL <= set().union(*provided.values())
