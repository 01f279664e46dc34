"""WeightedCrossEntropyLoss (class weights with void pixels, where mmseg
1.2.2's CrossEntropyLoss raises IndexError), against PyTorch; importing the
plugin leaves mmseg's and mmcv's classes as they are."""
import pytest
import torch
import torch.nn.functional as F
from mmseg.registry import MODELS

from mmseg_multipath.models.losses import WeightedCrossEntropyLoss


def test_weighted_ce_with_ignore_matches_pytorch():
    torch.manual_seed(0)
    pred = torch.randn(2, 4, 5, 6)
    label = torch.randint(0, 4, (2, 5, 6))
    label[0, :2] = 255
    w = [0.5, 1.0, 2.0, 0.5]
    loss = MODELS.build(dict(type='WeightedCrossEntropyLoss', class_weight=w,
                             avg_non_ignore=True))
    expected = F.cross_entropy(pred, label, weight=torch.tensor(w),
                               ignore_index=255)
    torch.testing.assert_close(loss(pred, label, ignore_index=255), expected)
    # without avg_non_ignore it runs too
    plain = WeightedCrossEntropyLoss(class_weight=w)(pred, label,
                                                     ignore_index=255)
    assert torch.isfinite(plain) and plain < expected
    assert loss.loss_name == 'loss_ce'


def test_unweighted_path_is_mmseg_own():
    pred = torch.randn(1, 3, 4, 4)
    label = torch.randint(0, 3, (1, 4, 4))
    torch.testing.assert_close(
        WeightedCrossEntropyLoss(avg_non_ignore=True)(pred, label),
        F.cross_entropy(pred, label))


def test_importing_the_plugin_changes_no_other_library():
    """mmseg's cross-entropy still has its (unfixed) behaviour, and the
    constructors of mmcv's ConvModule and mmseg's ResNet blocks are the
    libraries' own."""
    from mmcv.cnn import ConvModule
    from mmseg.models.backbones.resnet import BasicBlock, Bottleneck, ResNet
    from mmseg.models.losses import CrossEntropyLoss
    from mmseg.models.losses import cross_entropy_loss as ce

    import mmseg_multipath  # noqa: F401
    assert ce.cross_entropy.__module__ == 'mmseg.models.losses.' \
        'cross_entropy_loss'
    assert ConvModule.__init__.__module__ == 'mmcv.cnn.bricks.conv_module'
    for cls in (BasicBlock, Bottleneck, ResNet):
        assert cls.__init__.__module__ == 'mmseg.models.backbones.resnet'
    label = torch.zeros(1, 2, 2, dtype=torch.long)
    label[0, 0, 0] = 255
    with pytest.raises(IndexError):  # mmseg 1.2.2's own bug, untouched
        CrossEntropyLoss(class_weight=[1.0, 2.0])(torch.randn(1, 2, 2, 2),
                                                  label, ignore_index=255)
