"""Class-weighted cross-entropy with void pixels (mmseg 1.2.2 bug fixed)."""
import torch
import torch.nn.functional as F
from mmseg.models.losses import CrossEntropyLoss


def test_weighted_ce_with_ignore_matches_pytorch():
    torch.manual_seed(0)
    pred = torch.randn(2, 4, 5, 6)
    label = torch.randint(0, 4, (2, 5, 6))
    label[0, :2] = 255
    w = [0.5, 1.0, 2.0, 0.5]
    loss = CrossEntropyLoss(class_weight=w, avg_non_ignore=True)
    expected = F.cross_entropy(pred, label, weight=torch.tensor(w),
                               ignore_index=255)
    torch.testing.assert_close(loss(pred, label, ignore_index=255), expected)
    # without avg_non_ignore it runs too (mmseg raised IndexError)
    plain = CrossEntropyLoss(class_weight=w)(pred, label, ignore_index=255)
    assert torch.isfinite(plain) and plain < expected


def test_unweighted_path_is_mmseg_own():
    pred = torch.randn(1, 3, 4, 4)
    label = torch.randint(0, 3, (1, 4, 4))
    torch.testing.assert_close(
        CrossEntropyLoss(avg_non_ignore=True)(pred, label),
        F.cross_entropy(pred, label))
