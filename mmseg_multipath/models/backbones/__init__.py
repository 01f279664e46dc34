"""Backbones of the toolbox (registered in mmseg's MODELS)."""
from .act_resnet import ActResNet
from .choice_unet import ChoiceUNet
from .choicenet import ChoiceNet
from .segnet import SegNet
from .seq_resnet import SeqResNet
from .wider_resnet import WiderResNet

__all__ = [
    'ActResNet', 'ChoiceNet', 'ChoiceUNet', 'SegNet', 'SeqResNet',
    'WiderResNet'
]
