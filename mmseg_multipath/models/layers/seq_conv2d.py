"""SeqConv as a drop-in ``nn.Conv2d`` for any ``conv_cfg`` (mmcv registry).

The paper (Huang et al., ICCVW 2019, section 3) presents SeqConv as a
replacement for a wide convolution. Registered in mmcv's conv-layer
registry (mmengine's root ``MODELS``) under their class names, so that
mmseg modules built with ``ConvModule`` accept
``conv_cfg=dict(type='WSeqConv2d', group_width=8)`` (windowed, Eq. 2) or
``dict(type='SeqConv2d', group_width=8)`` (dense, Eq. 1): one key per
class, the class's name. (The two-stream layer the SeqResNets are built
of is :class:`~mmseg_multipath.models.layers.seq_conv.SeqConvLayer`, which
is not registered: it returns (raw, act), not a tensor.)
``bottleneck=True`` and ``subgroups`` give SeqConvB / the SeqResNeXt form.
The usual conv arguments are accepted where SeqConv can honour them:
kernel 3 or 1 (a 1x1 SeqConv aggregates 1x1 group convs, e.g. ASPP's
1x1 branch; with ``bottleneck`` the window op is always 1x1
and the group's second conv has the kernel size), stride 1, "same"
padding (= dilation), groups 1; anything else is a clear ``ValueError``.
``bias`` is ignored (each group has its own norm).

Output: the raw sum (the r stream, before the per-group norms), so the
ConvModule's own norm and activation act on a conv-like output; the
groups still aggregate each other's activated outputs internally. The
last group's activated output would be read by nobody, so it has no norm
(every parameter receives a gradient: DDP runs with
``find_unused_parameters=False``).
(N, C_in, H, W) -> (N, C_out, H, W).
"""
from mmengine.registry import MODELS

from .seq_conv import SeqConvLayer


class _SeqConv2d(SeqConvLayer):
    window_mode = 'in'

    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1,
                 padding=None, dilation=1, groups=1, bias=None,
                 group_width=8, bottleneck=False, subgroups=1, dropout=0.0,
                 norm_cfg=dict(type='BN', requires_grad=True), **kwargs):
        name = type(self).__name__
        ks = kernel_size if isinstance(kernel_size, int) else kernel_size[0]
        d = dilation if isinstance(dilation, int) else dilation[0]
        s = stride if isinstance(stride, int) else stride[0]
        p = padding if padding is None or isinstance(padding, int) else \
            padding[0]
        if ks not in (1, 3):
            raise ValueError(f'{name}: kernel_size {ks} is not supported '
                             '(3, or 1)')
        if s != 1 or groups != 1:
            raise ValueError(f'{name}: stride {s} / groups {groups} are not '
                             'supported (SeqConv keeps the size; use it for '
                             'stride-1 convs)')
        if p is not None and p != d * (ks // 2):
            raise ValueError(f'{name}: padding {p} would change the size; '
                             f'SeqConv pads "same" ({d * (ks // 2)})')
        super().__init__(in_channels, out_channels, group_width,
                         window=self.window_mode, bottleneck=bottleneck,
                         subgroups=subgroups, kernel_size=ks, dilation=d,
                         dropout=dropout, norm_cfg=norm_cfg, last_act=False,
                         **kwargs)
        # what ConvModule reads from its conv
        self.kernel_size, self.stride = (ks, ks), (1, 1)
        self.padding, self.dilation = (d * (ks // 2), ) * 2, (d, d)
        self.transposed, self.output_padding, self.groups = False, (0, 0), 1

    def forward(self, x):
        return super().forward(x)[0]


@MODELS.register_module()
class WSeqConv2d(_SeqConv2d):
    """Windowed SeqConv (Eq. 2) as a drop-in conv; see module doc."""
    window_mode = 'in'


@MODELS.register_module()
class SeqConv2d(_SeqConv2d):
    """Dense SeqConv (Eq. 1) as a drop-in conv; see module doc."""
    window_mode = None
