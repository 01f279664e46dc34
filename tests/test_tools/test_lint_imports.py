"""The lint gate's layer rule (tools/lint_imports.py): the package as it
stands passes, and each kind of wrong import planted in a module fails."""
import ast

import pytest

from ..conftest import load_tool

lint = load_tool('lint_imports.py')


def _problems(path, src):
    return lint.check_layers(path, ast.parse(src))


def test_the_package_keeps_the_layer_rule():
    assert lint.main() == 0


@pytest.mark.parametrize('path,src', [
    # up: utils (tier 0) reaching into the engine
    ('mmseg_multipath/utils/files.py', 'from ..engine import hooks\n'),
    ('mmseg_multipath/utils/files.py',
     'from mmseg_multipath.visualization import x\n'
     'import mmseg_multipath.engine.hooks\n'),
    # sideways: two layers of one tier
    ('mmseg_multipath/datasets/camvid.py',
     'from ..models.backbones import segnet\n'),
    # the blocks importing a backbone
    ('mmseg_multipath/models/layers/agc.py', 'from ..backbones import x\n'),
    # the torch-free checkpoint file checks
    ('mmseg_multipath/utils/checkpoint_files.py', 'import torch\n'),
    ('mmseg_multipath/utils/checkpoint_files.py',
     'from .config import CONFIG_SUFFIXES\n'),
])
def test_a_planted_import_across_layers_fails(path, src):
    assert _problems(path, src), src


@pytest.mark.parametrize('path,src', [
    ('mmseg_multipath/engine/hooks/x.py', 'from ...utils import files\n'),
    ('mmseg_multipath/models/backbones/x.py', 'from ..layers import agc\n'),
    ('mmseg_multipath/utils/checkpoints.py',
     'from .checkpoint_compat import safe_load\n'),
])
def test_imports_down_or_within_a_layer_pass(path, src):
    assert not _problems(path, src), src
