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
package, which imports torch, mmengine and mmseg.) Prints one line per
offending import and exits 1, or exits 0.
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
    problems = []
    for node in _function_imports(ast.parse(src, path)):
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
