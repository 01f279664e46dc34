"""MixedSizeSegDataPreProcessor: a val/test batch of mixed image sizes is
padded as mmseg pads one image (stack_batch to a size) and cropped back, so
each prediction equals mmseg's own padded single-image prediction; a val
run over images of several sizes works where mmseg's preprocessor
stops."""
import copy

import cv2
import numpy as np
import pytest
import torch
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

from mmseg_multipath.engine import apply_safeguards, build_runner
from ..conftest import DEMO_CONFIG, demo_cfg, load_config


def _sample(shape, name):
    return SegDataSample(metainfo=dict(img_shape=shape, ori_shape=shape,
                                       img_path=name))


def _model():
    cfg = load_config(DEMO_CONFIG)
    apply_safeguards(cfg)
    assert cfg.model.data_preprocessor.type == 'MixedSizeSegDataPreProcessor'
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    return model.eval(), cfg


def test_mixed_batch_equals_mmseg_padding_of_each_image():
    model, cfg = _model()
    rng = np.random.default_rng(0)
    shapes = [(40, 56), (48, 48)]
    imgs = [torch.from_numpy(rng.integers(0, 255, (3, ) + s, np.uint8))
            for s in shapes]
    with torch.no_grad():
        got = model.test_step(dict(
            inputs=imgs, data_samples=[_sample(s, f'{i}.png')
                                       for i, s in enumerate(shapes)]))
    # mmseg's preprocessor: refuses the batch; pads one image to a size
    ref = copy.deepcopy(model)
    pre = dict(cfg.model.data_preprocessor, type='SegDataPreProcessor')
    ref.data_preprocessor = MODELS.build(pre)
    with pytest.raises(AssertionError, match='same'):
        ref.test_step(dict(inputs=imgs, data_samples=[
            _sample(s, '') for s in shapes]))
    ref.data_preprocessor = MODELS.build(dict(pre, test_cfg=dict(
        size=(48, 56))))
    for img, shape, out in zip(imgs, shapes, got):
        with torch.no_grad():
            want, = ref.test_step(dict(inputs=[img],
                                       data_samples=[_sample(shape, '')]))
        assert out.seg_logits.shape[-2:] == shape
        torch.testing.assert_close(out.seg_logits.data,
                                   want.seg_logits.data, rtol=1e-4,
                                   atol=1e-4)
        assert torch.equal(out.pred_sem_seg.data, want.pred_sem_seg.data)


def test_same_size_and_training_batches_are_mmseg_s():
    model, cfg = _model()
    ref = MODELS.build(dict(cfg.model.data_preprocessor,
                            type='SegDataPreProcessor'))
    imgs = [torch.randint(0, 255, (3, 32, 40), dtype=torch.uint8)
            for _ in range(2)]
    for training in (False, True):
        samples = [_sample((32, 40), '') for _ in imgs]
        if training:
            from mmengine.structures import PixelData
            for s in samples:
                s.gt_sem_seg = PixelData(data=torch.zeros(1, 32, 40).long())
        a = model.data_preprocessor(dict(inputs=imgs, data_samples=samples),
                                    training)
        b = ref(dict(inputs=imgs, data_samples=copy.deepcopy(samples)),
                training)
        assert torch.equal(a['inputs'], b['inputs'])


def test_validation_over_images_of_several_sizes(demo_copy, tmp_path):
    val_img, val_ann = demo_copy / 'img_dir/val', demo_copy / 'ann_dir/val'
    for name in sorted(p.name for p in val_img.iterdir())[:3]:
        for folder, interp in ((val_img, cv2.INTER_LINEAR),
                               (val_ann, cv2.INTER_NEAREST)):
            im = cv2.imread(str(folder / name), cv2.IMREAD_UNCHANGED)
            cv2.imwrite(str(folder / name),
                        cv2.resize(im, (96, 128), interpolation=interp))
    cfg = demo_cfg(str(demo_copy), tmp_path / 'w', max_iters=1)
    cfg.val_dataloader.batch_size = 4
    metrics = build_runner(cfg).val()
    assert 0 < metrics['mIoU'] <= 100
