"""output_losses against mmseg's own BaseDecodeHead.loss_by_feat: the same
losses and gradients (plain, class-weighted and OHEM-sampled, two loss
terms), the same acc_seg; and ShelfHead's three-output loss against mmseg's
loss_by_feat run on each output."""
import pytest
import torch
from mmseg.models.decode_heads import FCNHead
from mmseg.models.decode_heads.decode_head import BaseDecodeHead

from mmseg_multipath.models.decode_heads import ShelfHead
from mmseg_multipath.models.decode_heads.output_loss import output_losses
from .test_shelfnet import seg_samples

WCE = dict(type='WeightedCrossEntropyLoss', class_weight=[0.5, 1, 2, 3, 1])


def _labels(samples):
    for s in samples:
        s.gt_sem_seg.data[0, :4] = 255  # void rows
    return samples


@pytest.mark.parametrize('loss_decode,sampler', [
    (dict(type='CrossEntropyLoss'), None),
    (WCE, None),
    ([WCE, dict(type='DiceLoss', loss_weight=0.5)], None),
    (WCE, dict(type='OHEMPixelSampler', thresh=0.7, min_kept=100)),
])
def test_output_losses_equal_mmseg_loss_by_feat(loss_decode, sampler):
    torch.manual_seed(0)
    head = FCNHead(in_channels=4, channels=4, num_classes=5,
                   loss_decode=loss_decode, sampler=sampler,
                   align_corners=False)
    samples = _labels(seg_samples(2, 5, 37, 45, metainfo=False))
    logits = torch.randn(2, 5, 10, 12, requires_grad=True)
    want = BaseDecodeHead.loss_by_feat(head, logits, samples)
    grad_want, = torch.autograd.grad(
        sum(v for k, v in want.items() if k.startswith('loss')), logits)
    got = output_losses(head, logits, head._stack_batch_gt(samples))
    grad_got, = torch.autograd.grad(
        sum(v for k, v in got.items() if k.startswith('loss')), logits)
    assert got.keys() == want.keys()
    for k in want:
        torch.testing.assert_close(got[k], want[k], msg=k)
    torch.testing.assert_close(grad_got, grad_want)


def test_shelf_head_losses_are_mmseg_loss_by_feat_per_output():
    torch.manual_seed(0)
    head = ShelfHead(in_channels=[16, 32, 64], channels=8, variant='lw',
                     num_classes=5, norm_cfg=dict(type='BN'),
                     align_corners=True, aux_outputs=True, aux_channels=8,
                     aux_weights=(0.5, 0.25), loss_decode=WCE)
    feats = [torch.randn(2, c, s, s) for c, s in ((16, 12), (32, 6),
                                                  (64, 3))]
    samples = _labels(seg_samples(2, 5, 47, 47, metainfo=False))
    head.train()
    outputs = head(feats)
    got = head.loss_by_feat(outputs, samples)
    want = {}
    for logits, suffix, w in zip(outputs, ('', '_aux16', '_aux32'),
                                 (1, 0.5, 0.25)):
        for k, v in BaseDecodeHead.loss_by_feat(head, logits,
                                                samples).items():
            want[k + suffix] = v * w if k.startswith('loss') else v
    assert got.keys() == want.keys()
    for k in want:
        torch.testing.assert_close(got[k], want[k], msg=k)
