"""The '1 conv' and '2 conv' dilated FCN heads of "Wider or Deeper".

Wu, Shen, van den Hengel, Pattern Recognition 2019, section 5 (Tables 4-6):
on the output-stride-8 backbone features,

* '1 conv': one 3x3 convolution with dilation 12 (and bias) straight to the
  class scores;
* '2 conv' (the released models): ``conv6a``, a 512-channel 3x3 dilation-12
  convolution with bias and ReLU (no BN, no dropout in the official code),
  then the 3x3 dilation-12 classifier ``linear{C}`` with bias.

mmseg's ``conv_seg`` is a 1x1 convolution, hence this head replaces it.
Input: (N, 4096, H/8, W/8) from ``WiderResNet``; output (N, C, H/8, W/8).
Parameters for C = 21: '2 conv' 18,971,669, '1 conv' 774,165 (official).
"""
import torch.nn as nn
from mmseg.models.decode_heads.decode_head import BaseDecodeHead
from mmseg.registry import MODELS


@MODELS.register_module()
class DilatedFCNHead(BaseDecodeHead):
    """'1 conv' / '2 conv' dilated FCN head (see module doc).

    Args:
        num_convs (int): 1 or 2. Default 2.
        dilation (int): dilation (= padding) of the 3x3 convs. Default 12.
        channels (int): width of ``conv6a`` ('2 conv'). Default 512.
        hidden_dropout (float): optional dropout after ``conv6a`` (the paper
            allows it; the official models use none). Default 0.
        dropout_ratio (float): mmseg's dropout before the classifier.
            Default 0 (official).
        **kwargs: :class:`mmseg.models.decode_heads.BaseDecodeHead` options
            (``in_channels``, ``num_classes``, ``sampler`` for online
            bootstrapping, ``loss_decode``...).
    """

    def __init__(self, num_convs: int = 2, dilation: int = 12,
                 channels: int = 512, hidden_dropout: float = 0.0,
                 **kwargs) -> None:
        kwargs.setdefault('dropout_ratio', 0.0)
        super().__init__(channels=channels, **kwargs)
        if num_convs not in (1, 2):
            raise ValueError(f'num_convs must be 1 or 2, got {num_convs}')
        self.num_convs = num_convs
        c_in = self.in_channels
        if num_convs == 2:
            self.conv6a = nn.Conv2d(c_in, channels, 3, padding=dilation,
                                    dilation=dilation, bias=True)
            self.act6a = nn.ReLU(inplace=True)
            self.drop6a = nn.Dropout2d(hidden_dropout) if hidden_dropout \
                else nn.Identity()
            c_in = channels
        self.conv_seg = nn.Conv2d(c_in, self.out_channels, 3,
                                  padding=dilation, dilation=dilation,
                                  bias=True)

    def forward(self, inputs):
        x = self._transform_inputs(inputs)
        if self.num_convs == 2:
            x = self.drop6a(self.act6a(self.conv6a(x)))
        return self.cls_seg(x)
