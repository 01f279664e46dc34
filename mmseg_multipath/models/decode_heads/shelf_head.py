"""ShelfNet's multi-path "shelf" decode head (full and real-time variants).

Zhuang, Yang et al., "ShelfNet for Fast Semantic Segmentation" (a.k.a.
"Multi-path segmentation network"), section 3 and Fig. 2; official-code
facts from juntang-zhuang/ShelfNet (branches pascal, citys) and
juntang-zhuang/ShelfNet-lw-cityscapes.

Terms (the paper's, with the official module names): a *column* is one
down or up branch; a *pair* is a (down, up) pair of columns, the paper's
"encoder-decoder pair". Pair 1 is the backbone with ``decoder``; every
further pair is a ``ladder`` (:class:`ShelfLadder`, the official name), so
``num_pairs == 1 + len(ladders)``.

On L backbone levels (strides 4/8/16/32 for ResNet-50/101, 8/16/32 for the
real-time ResNet-18/34 models):

* lateral 1x1 ConvModules reduce the levels to ``channels`` (64/128/256/512
  for the full model, 64/128/256 for ShelfNet18-lw; ShelfNet34-lw keeps the
  backbone widths: ``reduce=False``);
* column 1 is the backbone (down); column 2, ``decoder`` (up): an S-Block
  on the coarsest level, then per level an up-sampling step, a **sum** with
  the lateral and a refinement;
* then ``num_pairs - 1`` ``ladders`` (down, up): an S-Block on the finest
  map, per level (except the coarsest) a sum with the previous column, an
  S-Block and a 3x3 stride-2 conv (bias) + ReLU; an S-Block at the bottom
  (the official code adds no lateral there); then up as in the decoder,
  summing with the skips of its own down path. The official layout
  (backbone-decoder, ladder) is ``num_pairs=2``; more pairs give the
  paper's longer "chain of SegNets" (section 3.1).

Variants (``variant``), as data in :data:`VARIANTS`:

* ``'full'`` (PASCAL / Cityscapes, ResNet-50/101): up-sampling by
  ConvTranspose2d(3x3, s2, p1, output_padding 1, bias), refinement by an
  S-Block; classifier = mmseg's 1x1 ``conv_seg`` on the 1/4 map. Optional
  SE loss (``use_se_loss``): Linear(coarsest -> C) on a global max pool of
  the last column's bottom, BCE against class presence (weight 0.2).
* ``'lw'`` (ShelfNet18/34-lw): up-sampling by an attention refinement
  module (3x3 ConvModule, channel attention: GAP, 1x1, BN, sigmoid) and
  nearest x2, refinement by a 3x3 ConvModule; the main output is the
  official ``NetOutput`` (3x3 ConvModule + 3x3 conv without bias) on the
  finest map, its two parts registered on the head as ``out_conv`` and
  ``conv_seg`` (mmseg's classifier name, here a 3x3 conv without bias, so
  that ``BaseDecodeHead``'s dropout, init and ``cls_seg`` apply); with
  ``aux_outputs``, ``NetOutput`` s on the 1/16 and 1/32 maps of the last
  column (``aux_heads.0`` / ``.1``; the official auxiliary losses; same
  ``loss_decode``/``sampler``, weights ``aux_weights``).

State-dict keys of the outputs (what ``tools/model_converters/
shelfnet2mmseg.py`` writes from the official names):

- full, classifier: ``head.final`` -> ``conv_seg`` (1x1, bias);
- lw, main 3x3 block: ``conv_out.conv.{conv,bn}`` -> ``out_conv.{conv,bn}``;
- lw, main classifier: ``conv_out.conv_out`` -> ``conv_seg`` (3x3, no bias);
- lw, 1/16 and 1/32 outputs: ``conv_out16`` / ``conv_out32`` ->
  ``aux_heads.0`` / ``aux_heads.1``.

Widths: ``channels`` c gives the lateral 1x1 reductions to (c, 2c, 4c,
...) fine -> coarse (or a list of widths); ``reduce=False`` (ShelfNet34-lw)
keeps the backbone widths and takes no ``channels`` (``None``).

``forward`` returns the main logits (N, C, H/s, W/s), s = the finest
input stride, or ``(main, *extra)`` when the config asks for extra outputs
(the SE logits, the auxiliary outputs), in training and eval alike (as
mmseg's ``EncHead``); ``predict`` computes the main output alone.
Parameters (official code, minus its unused ``decoder.inconv``, 37,184):
ShelfNet-R50 head for 21 classes with SE layer 13,143,402; ShelfNet18-lw
head 3,387,072 (C=19).
"""
import warnings
from contextlib import contextmanager
from typing import List, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import ConvModule, build_norm_layer
from mmseg.models.decode_heads.decode_head import BaseDecodeHead
from mmseg.models.decode_heads.enc_head import EncHead
from mmseg.registry import MODELS

from ..layers.shared_res_block import SharedResBlock
from .output_loss import output_losses


class AttentionRefinement(nn.Module):
    """3x3 ConvModule, then channel attention: x * sigmoid(BN(1x1(GAP x)))
    (BiSeNet's ARM, ShelfNet-lw's up-sampling step). Keys as official:
    ``conv.conv``, ``conv.bn``, ``conv_atten``, ``bn_atten``."""

    def __init__(self, in_channels, out_channels, norm_cfg, act_cfg):
        super().__init__()
        self.conv = ConvModule(in_channels, out_channels, 3, padding=1,
                               norm_cfg=norm_cfg, act_cfg=act_cfg)
        self.conv_atten = nn.Conv2d(out_channels, out_channels, 1,
                                    bias=False)
        self.norm_name, norm = build_norm_layer(norm_cfg, out_channels,
                                                postfix='_atten')
        self.add_module(self.norm_name, norm)

    def forward(self, x):
        x = self.conv(x)
        att = F.adaptive_avg_pool2d(x, 1)
        att = getattr(self, self.norm_name)(self.conv_atten(att))
        return x * att.sigmoid()


class NetOutput(nn.Module):
    """ShelfNet-lw output: 3x3 ConvModule (in -> mid), 3x3 conv (no bias)
    to the classes. Keys as official: ``conv.conv``, ``conv.bn``,
    ``conv_out`` (the auxiliary outputs; the main output's two parts are
    registered on :class:`ShelfHead` as ``out_conv`` and ``conv_seg``)."""

    def __init__(self, in_channels, mid_channels, num_classes, norm_cfg,
                 act_cfg):
        super().__init__()
        self.conv = ConvModule(in_channels, mid_channels, 3, padding=1,
                               norm_cfg=norm_cfg, act_cfg=act_cfg)
        self.conv_out = nn.Conv2d(mid_channels, num_classes, 3, padding=1,
                                  bias=False)

    def forward(self, x):
        return self.conv_out(self.conv(x))


def _full_step(block, norm_cfg, act_cfg):
    return lambda c_in, c_out: (
        nn.ConvTranspose2d(c_in, c_out, 3, stride=2, padding=1,
                           output_padding=1), block(c_out))


def _lw_step(block, norm_cfg, act_cfg):
    return lambda c_in, c_out: (
        AttentionRefinement(c_in, c_out, norm_cfg=norm_cfg, act_cfg=act_cfg),
        ConvModule(c_out, c_out, 3, padding=1, norm_cfg=norm_cfg,
                   act_cfg=act_cfg))


#: the variants as data: ``step(block, norm_cfg, act_cfg)`` gives
#: ``make_step(c_in, c_out) -> (up-sampling module, refinement module)``;
#: ``nearest``: the up-sampling module is followed by a nearest resize to
#: the skip; ``net_output``: the main output is a ``NetOutput`` (``out_conv``
#: + 3x3 ``conv_seg``) instead of mmseg's 1x1 ``conv_seg`` alone
VARIANTS = {
    'full': dict(step=_full_step, nearest=False, net_output=False),
    'lw': dict(step=_lw_step, nearest=True, net_output=True),
}


class ShelfUp(nn.Module):
    """One up column: per level (coarse -> fine) up-sample, sum, refine.

    Args:
        channels (Sequence[int]): widths, fine -> coarse.
        make_step: ``(c_in, c_out) -> (up, refine)`` (``VARIANTS[v]["step"]``).
        nearest (bool): resize ``up``'s output to the skip (nearest).
    """

    def __init__(self, channels, make_step, nearest):
        super().__init__()
        self.nearest = nearest
        self.up_conv_list = nn.ModuleList()
        self.up_dense_list = nn.ModuleList()
        for c_in, c_out in zip(channels[:0:-1], channels[-2::-1]):
            up, dense = make_step(c_in, c_out)
            self.up_conv_list.append(up)
            self.up_dense_list.append(dense)

    def forward(self, x, skips: Sequence[torch.Tensor]) -> List[torch.Tensor]:
        """``x``: coarsest map; ``skips``: fine -> coarse (the coarsest
        unused). Returns the column's maps fine -> coarse."""
        outs = [x]
        for j, (up, dense) in enumerate(zip(self.up_conv_list,
                                            self.up_dense_list)):
            skip = skips[-2 - j]
            x = up(x)
            if self.nearest:
                x = F.interpolate(x, size=skip.shape[-2:], mode='nearest')
            else:  # 2n from n; crop to 2n - 1 where the skip is odd (an
                # unconditional slice keeps ONNX export size-agnostic)
                x = x[..., :skip.shape[-2], :skip.shape[-1]]
            x = dense(x + skip)
            outs.append(x)
        return outs[::-1]


class ShelfDecoder(ShelfUp):
    """Column 2: S-Block on the coarsest level, then up (official
    ``decoder``)."""

    def __init__(self, channels, block, make_step, nearest):
        super().__init__(channels, make_step, nearest)
        self.bottom = block(channels[-1])

    def forward(self, laterals):
        return super().forward(self.bottom(laterals[-1]), laterals)


class ShelfLadder(ShelfUp):
    """A (down, up) pair of columns (official ``ladder``)."""

    def __init__(self, channels, block, make_step, nearest):
        super().__init__(channels, make_step, nearest)
        self.inconv = block(channels[0])
        self.down_module_list = nn.ModuleList(
            block(c) for c in channels[:-1])
        self.down_conv_list = nn.ModuleList(
            nn.Conv2d(c, c_next, 3, stride=2, padding=1)
            for c, c_next in zip(channels[:-1], channels[1:]))
        self.bottom = block(channels[-1])

    def forward(self, prev):
        x = self.inconv(prev[0])
        skips = []
        for i, (blk, down) in enumerate(zip(self.down_module_list,
                                            self.down_conv_list)):
            x = blk(x + prev[i])
            skips.append(x)
            x = F.relu(down(x))
        skips.append(None)
        return super().forward(self.bottom(x), skips)


@contextmanager
def _align_corners_as_official():
    """The official heads up-sample with align_corners=True to any input
    size; mmseg's ``resize`` warns on every such size ("would more aligned
    if ... x+1"). The choice is deliberate here, so the warning is dropped
    for this head's own resizes only."""
    with warnings.catch_warnings():
        warnings.filterwarnings('ignore', category=UserWarning,
                                message='When align_corners=True')
        yield


@MODELS.register_module()
class ShelfHead(BaseDecodeHead):
    """ShelfNet's shelf head (see module doc).

    Args:
        in_channels (Sequence[int]): backbone widths of the used levels,
            fine -> coarse (with ``in_index`` and
            ``input_transform='multiple_select'``).
        channels (Sequence[int] | int | None): widths after the lateral
            reductions, fine -> coarse; an int c means (c, 2c, 4c, ...).
            ``None`` with ``reduce=False`` (the backbone widths are kept;
            a width given there is refused, not ignored).
        variant (str): 'full' (transposed convs + S-Blocks, 1x1 classifier)
            or 'lw' (attention refinement + nearest, NetOutput heads).
        num_pairs (int): (down, up) column pairs: the backbone with the
            ``decoder``, then ``num_pairs - 1`` ``ladders`` (the official
            name of one pair); 2 = official.
        reduce (bool): lateral 1x1 reductions to ``channels``. Default
            True.
        block_dropout (float): S-Block Dropout2d (0.25 full, 0.1 18-lw,
            0 34-lw).
        block_act_cfg (dict): S-Block activation after norm1 (ReLU full,
            LeakyReLU 0.01 lw). ``act_cfg`` is the ConvModules' activation.
        use_se_loss (bool), loss_se_decode (dict): the full model's SE loss.
        aux_outputs (bool), aux_channels (int), aux_weights (Sequence):
            the lw model's 1/16 and 1/32 outputs and their loss weights.
        out_channels_lw (int): NetOutput width of the main lw output
            (default: the finest width).
        **kwargs: ``BaseDecodeHead`` options (``num_classes``,
            ``norm_cfg``, ``loss_decode``, ``sampler``, ``align_corners``).
    """

    def __init__(self, in_channels, channels=None, variant='full',
                 num_pairs=2, reduce=True, block_dropout=0.25,
                 block_act_cfg=dict(type='ReLU'), use_se_loss=False,
                 loss_se_decode=dict(type='CrossEntropyLoss',
                                     use_sigmoid=True, loss_weight=0.2),
                 aux_outputs=False, aux_channels=64, aux_weights=(1.0, 1.0),
                 out_channels_lw=None, **kwargs):
        if variant not in VARIANTS:
            raise ValueError(f'ShelfHead variant must be one of '
                             f'{sorted(VARIANTS)}, got {variant!r}')
        if num_pairs < 1:
            raise ValueError(f'num_pairs must be >= 1, got {num_pairs}')
        in_channels = list(in_channels)
        if not reduce and channels is not None:
            raise ValueError(
                f'ShelfHead: channels={channels!r} has no effect with '
                'reduce=False (the levels keep the backbone widths '
                f'{in_channels}); set channels=None, or reduce=True')
        if reduce and channels is None:
            raise ValueError('ShelfHead: reduce=True needs channels (the '
                             'width c of the finest level, or a list)')
        if not reduce:
            widths = in_channels
        elif isinstance(channels, int):
            widths = [channels * 2**i for i in range(len(in_channels))]
        else:
            widths = list(channels)
        if len(widths) != len(in_channels):
            raise ValueError(f'ShelfHead: {len(in_channels)} levels but '
                             f'{len(widths)} channel widths {widths}')
        kwargs.setdefault('input_transform', 'multiple_select')
        kwargs.setdefault('norm_cfg', dict(type='BN', requires_grad=True))
        kwargs.setdefault('in_index', list(range(len(in_channels))))
        super().__init__(in_channels=in_channels, channels=widths[0],
                         **kwargs)
        self.variant, self.widths = variant, widths
        norm_cfg, act_cfg = self.norm_cfg, self.act_cfg

        def block(c):
            return SharedResBlock(c, dropout=block_dropout, norm_cfg=norm_cfg,
                                  act_cfg=block_act_cfg)

        spec = VARIANTS[variant]
        make_step = spec['step'](block, norm_cfg, act_cfg)
        nearest = spec['nearest']
        self.laterals = nn.ModuleList(
            ConvModule(c_in, c, 1, norm_cfg=norm_cfg, act_cfg=act_cfg)
            for c_in, c in zip(in_channels, widths)) if reduce else None
        self.decoder = ShelfDecoder(widths, block, make_step, nearest)
        self.ladders = nn.ModuleList(
            ShelfLadder(widths, block, make_step, nearest)
            for _ in range(num_pairs - 1))
        self.use_se_loss = use_se_loss
        if use_se_loss:
            self.se_layer = nn.Linear(widths[-1], self.num_classes)
            self.loss_se_decode = MODELS.build(loss_se_decode)
        self.aux_outputs = aux_outputs
        self.aux_weights = tuple(aux_weights)
        self.out_conv = None  # full: mmseg's 1x1 conv_seg alone
        if spec['net_output']:
            # the main output is a NetOutput whose classifier is mmseg's
            # conv_seg (BaseDecodeHead owns it: init, dropout, cls_seg)
            main = NetOutput(widths[0], out_channels_lw or widths[0],
                             self.num_classes, norm_cfg=norm_cfg,
                             act_cfg=act_cfg)
            self.out_conv, self.conv_seg = main.conv, main.conv_out
        if aux_outputs:
            self.aux_heads = nn.ModuleList(
                NetOutput(c, aux_channels, self.num_classes,
                          norm_cfg=norm_cfg, act_cfg=act_cfg)
                for c in widths[-2:])

    @property
    def num_extra_outputs(self) -> int:
        """Outputs after the main one: the SE logits (``use_se_loss``),
        then the 1/16 and 1/32 logits (``aux_outputs``)."""
        return int(self.use_se_loss) + 2 * int(self.aux_outputs)

    def _forward_columns(self, inputs) -> List[torch.Tensor]:
        """The maps of the last column, fine -> coarse."""
        feats = self._transform_inputs(inputs)
        if self.laterals is not None:
            feats = [lat(f) for lat, f in zip(self.laterals, feats)]
        maps = self.decoder(feats)
        for ladder in self.ladders:
            maps = ladder(maps)
        return maps

    def _main_output(self, maps) -> torch.Tensor:
        x = maps[0]
        if self.out_conv is not None:
            x = self.out_conv(x)
        return self.cls_seg(x)

    def _extra_outputs(self, maps) -> List[torch.Tensor]:
        extra = []
        if self.use_se_loss:
            pooled = F.adaptive_max_pool2d(maps[-1], 1).flatten(1)
            extra.append(self.se_layer(pooled))
        if self.aux_outputs:
            extra += [h(m) for h, m in zip(self.aux_heads, maps[-2:])]
        return extra

    def forward(self, inputs):
        """The main logits (N, C, H/s, W/s), or, when the config asks for
        extra outputs (``use_se_loss``, ``aux_outputs``), the tuple
        ``(main, *extra)`` in training and eval alike (as mmseg's
        ``EncHead``)."""
        maps = self._forward_columns(inputs)
        out = self._main_output(maps)
        if not self.num_extra_outputs:
            return out
        return (out, *self._extra_outputs(maps))

    def predict(self, inputs, batch_img_metas, test_cfg):
        """Segmentation from the main output only (the extra outputs are
        not computed)."""
        seg_logits = self._main_output(self._forward_columns(inputs))
        return self.predict_by_feat(seg_logits, batch_img_metas)

    def predict_by_feat(self, seg_logits, batch_img_metas):
        with _align_corners_as_official():
            return super().predict_by_feat(seg_logits, batch_img_metas)

    def loss_by_feat(self, seg_logits, batch_data_samples):
        with _align_corners_as_official():
            return self._loss_by_feat(seg_logits, batch_data_samples)

    def _loss_by_feat(self, seg_logits, batch_data_samples):
        # mmseg's loss_by_feat per output, its acc_seg computed cheaper
        # (output_losses)
        seg_label = self._stack_batch_gt(batch_data_samples)
        if not self.num_extra_outputs:
            return output_losses(self, seg_logits, seg_label)
        main, *extra = seg_logits
        losses = output_losses(self, main, seg_label)
        if self.use_se_loss:
            se = extra.pop(0)
            # the classes present per image, exactly as EncHead's SE loss
            onehot = EncHead._convert_to_onehot_labels(seg_label,
                                                       self.num_classes)
            losses['loss_se'] = self.loss_se_decode(se, onehot.float())
        if self.aux_outputs:
            for logits, w, name in zip(extra, self.aux_weights,
                                       ('aux16', 'aux32')):
                aux = output_losses(self, logits, seg_label)
                for k, v in aux.items():
                    if k.startswith('loss'):
                        losses[f'{k}_{name}'] = v * w
                    elif k == 'acc_seg':
                        losses[f'acc_seg_{name}'] = v
        return losses


__all__ = ['ShelfHead', 'AttentionRefinement', 'NetOutput', 'ShelfDecoder',
           'ShelfLadder', 'VARIANTS']
