"""SegNet testbed: layout, parameter count, pooling-indices round trip."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

from mmseg_multipath.models.backbones import SegNet
from mmseg_multipath.models.layers import AGC

init_default_scope('mmseg')


def _segnet(norm='BN', widths=None, num_classes=19):
    backbone = dict(type='SegNet', norm_cfg=dict(type=norm))
    head_in = [64, 128, 256, 512, 512]
    if widths:
        backbone['stage_channels'] = widths
        head_in = [w[-1] for w in widths]
    return MODELS.build(
        dict(type='EncoderDecoder', backbone=backbone,
             decode_head=dict(type='SegNetHead', in_channels=head_in,
                              channels=head_in[0], num_classes=num_classes,
                              norm_cfg=dict(type=norm))))


def test_26_convolutions_and_segnet_parameter_count():
    model = _segnet()
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    assert len(convs) == 26
    enc = [m.out_channels for m in model.backbone.modules()
           if isinstance(m, nn.Conv2d)]
    assert enc == [64, 64, 128, 128, 256, 256, 256] + [512] * 6
    dec = [m.out_channels for m in model.decode_head.decoders.modules()
           if isinstance(m, nn.Conv2d)]
    # stored shallow-to-deep; run deep-to-shallow (512,512,512 | 512,512,256
    # | 256,256,128 | 128,64 | 64, classifier)
    assert dec == [64, 128, 64, 256, 256, 128, 512, 512, 256, 512, 512, 512]
    # the 13th decoder conv is the 3x3 classifier: width = number of classes
    assert model.decode_head.conv_seg.out_channels == 19
    assert model.decode_head.conv_seg.kernel_size == (3, 3)
    # SegNet paper: 29.5M trainable parameters (VGG-16 encoder + decoder)
    n = sum(p.numel() for p in model.parameters())
    assert n == 29_446_035 and abs(n - 29.5e6) / 29.5e6 < 0.01


def test_shapes_for_odd_sizes_and_batch1_with_agc():
    widths = [[8, 8], [16, 16], [32, 32, 32], [32, 32, 32], [32, 32, 32]]
    model = _segnet('AGC', widths, num_classes=11)
    assert sum(isinstance(m, AGC) for m in model.modules()) == 25
    for size in ((64, 96), (67, 93)):
        out = model(torch.randn(1, 3, *size), mode='tensor')
        assert out.shape == (1, 11, *size)


def test_pooling_indices_round_trip():
    """The head's pooling finds the encoder's maxima; unpooling puts each
    value back where the maximum was."""
    backbone = SegNet(stage_channels=[[4], [4], [4], [4], [4]])
    x = torch.randn(2, 3, 32, 48)
    feats = backbone(x)
    pooled, idx = F.max_pool2d(feats[0], 2, 2, return_indices=True)
    torch.testing.assert_close(pooled, F.max_pool2d(feats[0], 2, 2))
    torch.testing.assert_close(feats[1], backbone.stages[1](pooled))
    up = F.max_unpool2d(pooled, idx, 2, 2, output_size=feats[0].shape[-2:])
    kept = up != 0
    torch.testing.assert_close(up[kept], feats[0][kept])
    assert int(kept.sum()) == pooled.numel() - int((pooled == 0).sum())
