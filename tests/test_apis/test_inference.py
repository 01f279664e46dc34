"""mmseg's own inference APIs on the toolbox's configs, against
tools/test.py: mmseg.apis.inference_model and MMSegInferencer build their
pipelines from every segmentation config, and on the demo model give the
labels tools/test.py writes."""
import copy
import glob
import os
import os.path as osp
import re

import cv2
import numpy as np
import pytest
from mmengine.registry import init_default_scope

from ..conftest import DEMO_CONFIG, ROOT, load_config, run_tool

SEG_CONFIGS = sorted(
    c for c in glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                         recursive=True)
    if '_base_' not in c and '/classification/' not in c)


class _CfgOnly:
    """What mmseg's _preprare_data reads from a model: its config."""

    def __init__(self, cfg):
        self.cfg = cfg


@pytest.mark.parametrize('config', SEG_CONFIGS,
                         ids=lambda c: osp.relpath(c, ROOT))
def test_mmseg_inference_pipelines_build_from_every_config(config, tmp_path):
    from mmseg.apis.mmseg_inferencer import MMSegInferencer
    from mmseg.apis.utils import _preprare_data
    init_default_scope('mmseg')
    cfg = load_config(config)
    img = np.random.default_rng(0).integers(0, 255, (48, 64, 3), np.uint8)
    path = str(tmp_path / 'img.png')
    cv2.imwrite(path, img)
    # inference_model: file path and array input
    for item in (path, img):
        data, _ = _preprare_data(item, _CfgOnly(copy.deepcopy(cfg)))
        assert data['inputs'][0].shape[0] == 3
        assert 'gt_sem_seg' not in data['data_samples'][0]
    # MMSegInferencer
    inferencer = MMSegInferencer.__new__(MMSegInferencer)
    pipeline = inferencer._init_pipeline(copy.deepcopy(cfg))
    out = pipeline(img)
    assert out['inputs'].shape[0] == 3


def test_mmseg_apis_give_the_labels_of_tools_test(demo_root, demo_checkpoint,
                                                  tmp_path):
    from mmseg.apis import MMSegInferencer, inference_model, init_model
    out_dir = tmp_path / 'pred'
    res = run_tool(['tools/test.py', DEMO_CONFIG, str(demo_checkpoint),
                    '--work-dir', str(tmp_path / 'w'), '--out', str(out_dir),
                    '--cfg-options',
                    f'test_dataloader.dataset.data_root={demo_root}'])
    assert res.returncode == 0, res.stderr[-3000:]
    img_dir = osp.join(demo_root, 'img_dir', 'val')
    names = sorted(os.listdir(img_dir))
    assert len(os.listdir(out_dir)) == len(names)
    model = init_model(DEMO_CONFIG, str(demo_checkpoint), device='cpu')
    # (mmseg's _preprare_data switches a model's pipeline to array input
    # for good once it sees an array: one model per input kind)
    model_arr = init_model(DEMO_CONFIG, str(demo_checkpoint), device='cpu')
    inferencer = MMSegInferencer(model=DEMO_CONFIG,
                                 weights=str(demo_checkpoint), device='cpu')
    for name in names:
        path = osp.join(img_dir, name)
        want = cv2.imread(str(out_dir / (osp.splitext(name)[0] + '.png')),
                          cv2.IMREAD_UNCHANGED)
        got = inference_model(model, path).pred_sem_seg.data[0].numpy()
        np.testing.assert_array_equal(got, want)
        got = inference_model(model_arr, cv2.imread(path)).pred_sem_seg.data[0]
        np.testing.assert_array_equal(got.numpy(), want)
        pred = inferencer(path, return_datasamples=True)
        np.testing.assert_array_equal(
            pred.pred_sem_seg.data[0].numpy(), want)


def test_a_checkpoint_of_another_class_count_is_refused(demo_checkpoint):
    """predict.py, the ONNX export and the submission tools load through
    load_inference_model: the same strict check as tools/test.py, decided
    by the checkpoint's classifier shape."""
    from mmseg_multipath.apis import load_inference_model
    opts = {'model.decode_head.num_classes': 5}
    with pytest.raises(ValueError) as e:
        load_inference_model(DEMO_CONFIG, str(demo_checkpoint), 'cpu', opts)
    msg = str(e.value)
    assert str(demo_checkpoint) in msg and 'conv_seg' in msg
    assert '--allow-partial' in msg
    model, _ = load_inference_model(DEMO_CONFIG, str(demo_checkpoint), 'cpu',
                                    opts, allow_partial=True)
    assert model.decode_head.conv_seg.out_channels == 5


def test_mmseg_apis_name_an_empty_or_folder_image(tmp_path):
    """mmseg's inference_model and MMSegInferencer read images through the
    config's test pipeline, whose loader uses the ``checked_local`` file
    backend: a 0-byte file and a folder end in one DataError naming them
    (without it: cv2's ``!buf.empty()``, which names no file)."""
    from mmseg.apis import MMSegInferencer, inference_model, init_model

    from mmseg_multipath.datasets import DataError
    from mmseg_multipath.datasets.checked_backend import BACKEND_NAME
    cfg = load_config(DEMO_CONFIG)
    loaders = [t for t in cfg.test_dataloader.dataset.pipeline
               if t['type'] == 'LoadImageFromFile']
    assert loaders and loaders[0]['backend_args'] == {'backend': BACKEND_NAME}
    empty = tmp_path / 'empty.png'
    empty.write_bytes(b'')
    folder = tmp_path / 'frames.png'
    folder.mkdir()
    model = init_model(DEMO_CONFIG, device='cpu')
    inferencer = MMSegInferencer(model=DEMO_CONFIG, device='cpu')
    for path, why in ((empty, 'is empty (0 bytes)'),
                      (folder, 'is a folder, not a file')):
        with pytest.raises(DataError, match=f'"{path}" {re.escape(why)}'):
            inference_model(model, str(path))
        with pytest.raises(DataError, match=f'"{path}" {re.escape(why)}'):
            inferencer([str(path)])
