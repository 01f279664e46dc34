# SeqResNeXt-24 on ImageNet (the paper's Table 2; 26,211,784 parameters,
# equal to the official code): the B22 recipe, 2048-wide features.
_base_ = ['./seqresnet-b22_8xb32-100e_in1k.py']
from mmseg_multipath.models.backbones.seq_resnet import arch_table  # noqa
model = dict(backbone=dict(arch='NeXt24'),
             head=dict(in_channels=arch_table('NeXt24')['widths'][-1]))
