"""Where imports may stand (part of the lint gate, ``tools/lint.sh``).

In the package (``mmseg_multipath/``) and the tools (``tools/``) every
import is at module level, as in mmseg's own code, except

* a module of an optional extra of ``setup.py`` (:data:`OPTIONAL`: ONNX,
  OpenVINO and NNCF, cityscapesscripts, TensorBoard, matplotlib, scipy),
  imported where it is used, so that only the feature that needs it fails
  without it;
* an import whose line says why it waits, with a ``# lazy: <reason>``
  comment (a version-dependent module, a guarded fallback).

(Start-up time is no reason in this code base: every tool imports the
package, which imports torch, mmengine and mmseg.)

The package's layers (docs/architecture.md, "The layers"): a module
imports from its own layer and from the layers of lower tiers of
:data:`TIERS` only, never from a layer of its own tier or above; and
``utils/checkpoint_files.py`` imports neither torch nor the OpenMMLab
libraries nor the rest of the package (:data:`STANDALONE`).

Prints one line per offending import and exits 1, or exits 0.
"""
import ast
import os
import os.path as osp
import sys

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
# the top-level modules of setup.py's extras (tests/test_install.py keeps
# the two in step)
OPTIONAL = {'onnx', 'onnxruntime', 'onnxscript', 'cityscapesscripts',
            'tensorboard', 'matplotlib', 'scipy', 'openvino', 'nncf'}


#: the package's layers, bottom tier first (a layer is a subpackage, or a
#: module of ``models/`` that is one); docs/architecture.md lists them in
#: this order
TIERS = [
    ['version', 'utils', 'visualization'],
    ['models.layers'],
    ['models.backbones', 'models.decode_heads', 'models.losses',
     'models.data_preprocessor', 'models.fold_conv_bn', 'datasets',
     'evaluation'],
    ['deployment'],
    ['models.segmentors'],
    ['models', 'engine', 'apis'],
    ['analysis'],
    [''],  # mmseg_multipath/__init__.py: registers everything
]
TIER = {layer: i for i, names in enumerate(TIERS) for layer in names}
#: modules that import none of these top-level modules and nothing of the
#: package (the file checks that run before torch is imported)
STANDALONE = {
    'mmseg_multipath/utils/checkpoint_files.py':
    {'torch', 'mmengine', 'mmseg', 'mmcv', 'mmseg_multipath'},
}


def module_name(path):
    """``mmseg_multipath/a/b.py`` -> ``mmseg_multipath.a.b`` (a package's
    ``__init__.py`` -> the package)."""
    name = osp.splitext(path)[0].replace(os.sep, '.')
    return name[:-len('.__init__')] if name.endswith('.__init__') else name


def layer_of(module):
    """The layer of a ``mmseg_multipath.*`` module name, or None."""
    parts = module.split('.')
    if parts[0] != 'mmseg_multipath':
        return None
    if len(parts) > 2 and parts[1] == 'models':
        return 'models.' + parts[2]
    return parts[1] if len(parts) > 1 else ''


def imported_modules(node, path):
    """Absolute names of what an import node imports (``from . import a``
    gives ``pkg.a``)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if not node.level:
        return [node.module or '']
    pkg = module_name(path).split('.')
    if not path.endswith('__init__.py'):
        pkg = pkg[:-1]
    base = pkg[:len(pkg) - (node.level - 1)]
    if node.module:
        return ['.'.join(base + [node.module])]
    return ['.'.join(base + [a.name]) for a in node.names]


def check_layers(path, tree):
    """Imports across layers that go sideways or up (:data:`TIERS`), and
    imports of a :data:`STANDALONE` module."""
    problems = []
    here = layer_of(module_name(path))
    banned = STANDALONE.get(path.replace(os.sep, '/'), set())
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        for target in imported_modules(node, path):
            top = target.split('.')[0]
            if top in banned:
                problems.append(
                    f'{path}:{node.lineno}: imports "{target}"; this module '
                    f'imports none of {sorted(banned)}')
            there = layer_of(target)
            if here is None or there is None or there == here:
                continue
            if TIER[there] >= TIER[here]:
                problems.append(
                    f'{path}:{node.lineno}: layer "{here or "package"}" '
                    f'imports layer "{there}" (tier {TIER[there]} >= '
                    f'{TIER[here]}); a layer imports only from lower tiers '
                    '(tools/lint_imports.py: TIERS, docs/architecture.md)')
    return problems


def _function_imports(tree):
    """Import nodes inside a function or method body."""
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, (ast.Import, ast.ImportFrom)) and \
                    in_function:
                found.append(child)
            visit(child, inside)
    visit(tree, False)
    return found


def _top_module(node):
    if isinstance(node, ast.ImportFrom):
        return 'mmseg_multipath' if node.level else \
            (node.module or '').split('.')[0]
    return node.names[0].name.split('.')[0]


def check_file(path):
    src = open(path, encoding='utf-8').read()
    lines = src.splitlines()
    tree = ast.parse(src, path)
    problems = check_layers(path, tree) if path.startswith(
        'mmseg_multipath') else []
    for node in _function_imports(tree):
        if _top_module(node) in OPTIONAL or \
                '# lazy:' in lines[node.lineno - 1]:
            continue
        problems.append(
            f'{path}:{node.lineno}: "{_top_module(node)}" is imported inside '
            'a function; move it to the top of the module, or say why it '
            'waits with "# lazy: <reason>"')
    return problems


def main(argv=None):
    problems = []
    for folder in ('mmseg_multipath', 'tools'):
        for dirpath, _, files in os.walk(osp.join(ROOT, folder)):
            for name in sorted(files):
                if name.endswith('.py'):
                    problems += check_file(
                        osp.relpath(osp.join(dirpath, name), ROOT))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
