"""One line naming the file, line or key for bad configs and bad
--cfg-options (syntax errors, _base_ cycles, unknown metric arguments,
wrong value types)."""
import argparse

import pytest
from mmengine.config import Config

from mmseg_multipath.utils.cli import CfgOptionsAction
from mmseg_multipath.utils.config import check_option_types, load_config
from mmseg_multipath.utils.config_checks import check_evaluator_keys


def test_syntax_error_names_file_and_line(tmp_path):
    base = tmp_path / 'base.py'
    base.write_text('a = 1\nb = dict(x=1,,)\n')
    leaf = tmp_path / 'leaf.py'
    leaf.write_text("_base_ = ['./base.py']\nc = 2\n")
    with pytest.raises(ValueError) as e:
        load_config(str(leaf))
    assert f'"{base}"' in str(e.value) and 'line 2' in str(e.value)


def test_base_cycle_names_the_files(tmp_path):
    (tmp_path / 'a.py').write_text("_base_ = ['./b.py']\nx = 1\n")
    (tmp_path / 'b.py').write_text("_base_ = ['./a.py']\ny = 1\n")
    with pytest.raises(ValueError, match='cycle') as e:
        load_config(str(tmp_path / 'a.py'))
    assert 'a.py -> ' in str(e.value) and 'b.py' in str(e.value)


def test_unknown_metric_argument_is_named():
    import mmseg_multipath  # noqa: F401
    cfg = Config(dict(test_evaluator=dict(type='IoUMetric',
                                          iou_metrix=['mDice'])))
    with pytest.raises(KeyError) as e:
        check_evaluator_keys(cfg)
    msg = e.value.args[0]
    assert 'test_evaluator.iou_metrix' in msg and '"iou_metrics"' in msg
    ok = Config(dict(val_evaluator=dict(type='IoUMetric',
                                        iou_metrics=['mIoU', 'mDice'],
                                        prefix='x', collect_device='cpu')))
    check_evaluator_keys(ok)


def _parse(*items):
    p = argparse.ArgumentParser(exit_on_error=False)
    p.add_argument('--cfg-options', nargs='+', action=CfgOptionsAction)
    return p.parse_args(['--cfg-options', *items]).cfg_options


@pytest.mark.parametrize('item, words', [
    ('train_cfg.max_iters', 'no "="'),
    ('=2.5', 'not a config key'),
    ('model.x=[1,2', 'unbalanced brackets'),
    ('model.x=(1,2]', 'unbalanced brackets'),
])
def test_bad_cfg_options_syntax(item, words):
    with pytest.raises(argparse.ArgumentError, match=words):
        _parse(item)


def test_cfg_option_spaces_warn(capsys):
    assert _parse('a.b=x y')['a.b'] == 'xy'
    assert 'spaces' in capsys.readouterr().err


@pytest.mark.parametrize('value, ok', [('abc', False), (2.5, False),
                                       (100, True), (100.0, True)])
def test_cfg_option_types(value, ok):
    cfg = Config(dict(train_cfg=dict(max_iters=40000)))
    opts = {'train_cfg.max_iters': value}
    if ok:
        check_option_types(cfg, opts)
    else:
        with pytest.raises(ValueError, match='train_cfg.max_iters'):
            check_option_types(cfg, opts)


def test_bool_options_are_not_numbers():
    """bool is an int subclass: a flag stays a flag (norm_eval=True on a
    False), and a count given True is refused."""
    cfg = Config(dict(model=dict(backbone=dict(norm_eval=False)),
                      train_cfg=dict(max_iters=40000)))
    check_option_types(cfg, {'model.backbone.norm_eval': True})
    check_option_types(cfg, {'model.backbone.norm_eval': 'yes'})
    with pytest.raises(ValueError, match='train_cfg.max_iters'):
        check_option_types(cfg, {'train_cfg.max_iters': True})


def test_cfg_options_types_are_checked_by_the_inference_loader():
    """predict.py, export_onnx.py and the submission tools build through
    load_inference_model: a text where the config holds a number is named
    before anything is built."""
    from mmseg_multipath.apis import load_inference_model
    from ..conftest import DEMO_CONFIG
    with pytest.raises(ValueError, match='model.decode_head.num_classes'):
        load_inference_model(DEMO_CONFIG, None, 'cpu',
                             {'model.decode_head.num_classes': 'abc'})


@pytest.mark.parametrize('plugin, words', [
    (None, 'no module of this name is installed or on sys.path'),
    ('import no_such_dependency\n',
     "importing it failed: ModuleNotFoundError: No module named "
     "'no_such_dependency'"),
    ('raise RuntimeError("plugin broke")\n',
     'importing it failed: RuntimeError: plugin broke'),
])
def test_custom_import_failure_names_module_and_cause(plugin, words,
                                                      tmp_path,
                                                      monkeypatch):
    name = 'mp_test_plugin_' + str(abs(hash(words)) % 10**6)
    if plugin is not None:
        (tmp_path / f'{name}.py').write_text(plugin)
        monkeypatch.syspath_prepend(str(tmp_path))
    cfg = tmp_path / 'cfg.py'
    cfg.write_text(f"custom_imports = dict(imports=['{name}'], "
                   "allow_failed_imports=False)\n")
    with pytest.raises(ImportError) as info:
        load_config(str(cfg))
    msg = str(info.value)
    assert f'custom_imports names "{name}"' in msg and words in msg, msg
    assert 'PYTHONPATH' not in msg
