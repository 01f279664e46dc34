"""``SeqConvLayer``: sequentially aggregated convolutions (the paper's SeqConv,
WSeqConv and SeqConvB).

Huang, Ou, Wu, Feng, "Sequentially Aggregated Convolutional Networks",
ICCV Workshops 2019, section 3 (Eq. 1 dense, Eq. 2 windowed, the bottleneck
form, the grouped SeqResNeXt form); official-code facts in
GroupOfAlchemists/SeqConv (code/CIFAR, code/ImageNet).

A layer makes ``C_out = g * k`` output channels as ``g`` groups of ``k``
(the group width), computed in sequence over S = [x, a_0, a_1, ...]:

* dense (Eq. 1, ``window=None``): group i sees S[: C_in + i k] (x and
  every earlier group's activated output), DenseNet-like;
* windowed (Eq. 2, ``window='in'``, the default): group i sees a sliding
  window of constant width C_in, S[i k : i k + C_in];

group i computes ``r_i = T_i(window_i) [+ shortcut[:, i k:(i+1) k]]`` and
``a_i = act(norm(r_i))``, where T_i is a 3x3 conv (``bottleneck=False``)
or, for SeqConvB, a 1x1 conv (window -> k) + norm + act followed by a 3x3
conv (k -> k, ``subgroups`` groups for SeqResNeXt), the shortcut slice
added before the last norm. The residual shortcut thus enters the
aggregation: a_i is part of the windows of the later groups of the same
layer (section 3.2 of the notes, "residual embedded in the aggregation").
The layer returns ``(raw, act)``, the concatenations of r_i and a_i
(``keep_raw=False``: None for raw, for callers that only use act).

Efficient evaluation ("push"): instead of concatenating a new window for
every group (the official loop), the window conv is split by linearity.
Before the loop one conv of x with the groups' x-weights stacked (zeros
where a window has slid past a channel) gives every group's x part; after
group i, one conv of a_i with the weight slices of the later groups that
see it adds a_i's contribution to all of them at once. Outputs equal the
loop's (tested against a plain reference written from Eq. 1/2); autograd
keeps only x and the a_i (which exist anyway) instead of g windows, and
there are no concatenation copies. Where the zero blocks of the stacked
x weights are worth a copy of part of x, the x part is two convs
(``_x_split``). ``with_cp`` additionally recomputes the
layer in backward.

Dropout (CIFAR models: Dropout2d 0.1 "before each group"): the official
code drops channels of each group's window independently; here one
channel mask is drawn per sequence entry (x, a_i) and shared by the groups
that see it, which is what the push evaluation allows. Same rate and
expected scale; the masks of different groups are correlated.

Input (N, C_in, H, W) [, shortcut (N, C_out, H, W)]; output two tensors
(N, C_out, H', W'). Parameters per group: plain 9 W_i k + 2k; bottleneck
W_i k + 2k + 9 k^2 / subgroups + 2k (W_i = the window width).
"""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.utils.checkpoint as cp
from mmcv.cnn import build_activation_layer, build_norm_layer
from mmengine.model import BaseModule

from .residual_add import ResidualAdd


class _GatherRows(torch.autograd.Function):
    """``out = cat([src, 0])[idx]`` along dim 0 when every row of ``src``
    is selected exactly once (``inv`` = its position in ``out``): the
    gradient is then the gather ``grad[inv]``, without the zero fill and
    scatter-add of ``index_select``/indexing backward."""

    @staticmethod
    def forward(ctx, src, idx, inv):
        ctx.save_for_backward(inv)
        padded = torch.cat([src, src.new_zeros(1, *src.shape[1:])])
        return padded.index_select(0, idx)

    @staticmethod
    def backward(ctx, grad):
        inv, = ctx.saved_tensors
        return grad.index_select(0, inv), None, None


class SeqGroup(nn.Module):
    """The transformation of one group (see module doc). ``conv`` holds the
    window weights (k, W_i, s, s); bottleneck groups add ``norm1``/``conv2``.
    """

    def __init__(self, window, k, kernel_size, bottleneck, subgroups,
                 dilation, norm_cfg, act_cfg, with_act_output=True):
        super().__init__()
        self.bottleneck = bottleneck
        ks = 1 if bottleneck else kernel_size
        # declared in forward order; the push evaluation reads
        # ``conv.weight`` directly (see module doc)
        self.conv = nn.Conv2d(window, k, ks, padding=dilation * (ks // 2),
                              dilation=dilation, bias=False)
        if bottleneck:
            self.norm1 = build_norm_layer(norm_cfg, k)[1]
            self.conv2 = nn.Conv2d(k, k, kernel_size,
                                   padding=dilation * (kernel_size // 2),
                                   dilation=dilation, groups=subgroups,
                                   bias=False)
        self.add = ResidualAdd()
        # without an activated output (the last group of a drop-in conv,
        # whose a is read by nobody) there is no norm: no parameter is
        # left without a gradient (DDP with find_unused_parameters=False)
        self.norm = (build_norm_layer(norm_cfg, k)[1] if with_act_output
                     else None)
        self.act = build_activation_layer(act_cfg)

    def finish(self, pre, shortcut):
        """From the window conv's output to (r, a); a shortcut joins
        through ``add`` (the residual embedded in the aggregation)."""
        if self.bottleneck:
            pre = self.conv2(self.act(self.norm1(pre)))
        r = pre if shortcut is None else self.add(pre, shortcut)
        return r, None if self.norm is None else self.act(self.norm(r))


class SeqConvLayer(BaseModule):
    """Sequentially aggregated convolution (see module doc).

    Args:
        in_channels (int): C_in.
        out_channels (int): C_out, a multiple of ``group_width``.
        group_width (int): k.
        window (str | None): 'in' (WSeqConv, window = C_in) or None (dense
            SeqConv). Default 'in'.
        bottleneck (bool): SeqConvB groups (1x1 + 3x3). Default False.
        subgroups (int): groups of the bottleneck 3x3 (SeqResNeXt).
        kernel_size (int): 3 (the paper). dilation (int): of the 3x3 convs.
        dropout (float): Dropout2d rate on the windows (CIFAR: 0.1).
        norm_cfg, act_cfg (dict): per-group norm (BN) and activation (ReLU).
        with_cp (bool): gradient checkpointing of the whole layer.
        impl (str): 'push' (default, see module doc) or 'reference': the
            official loop that concatenates every window (per-window
            dropout masks exactly as the official code draws them).
        last_act (bool): build the last group's norm and return the
            activated output. False (the drop-in conv, whose caller reads
            only the raw output): the last group has no norm, and the
            activated output is None.
    """

    x_split_min_saving = 256  # multiply-adds per copied value, _x_split

    def __init__(self, in_channels: int, out_channels: int,
                 group_width: int, window: Optional[str] = 'in',
                 bottleneck: bool = False, subgroups: int = 1,
                 kernel_size: int = 3, dilation: int = 1,
                 dropout: float = 0.0,
                 norm_cfg=dict(type='BN', requires_grad=True),
                 act_cfg=dict(type='ReLU', inplace=False),
                 with_cp: bool = False, impl: str = 'push',
                 last_act: bool = True, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if impl not in ('push', 'reference'):
            raise ValueError(f"SeqConv impl must be 'push' or 'reference', "
                             f'got {impl!r}')
        self.impl = impl
        if out_channels % group_width:
            raise ValueError(f'SeqConv: out_channels {out_channels} is not '
                             f'a multiple of group_width {group_width}')
        if window not in ('in', None):
            raise ValueError(f"SeqConv window must be 'in' or None, got "
                             f'{window!r}')
        if window == 'in' and in_channels % group_width:
            raise ValueError(f'WSeqConv: in_channels {in_channels} is not '
                             f'a multiple of group_width {group_width}')
        self.in_channels, self.out_channels = in_channels, out_channels
        self.k, self.g = group_width, out_channels // group_width
        self.windowed = window == 'in'
        self.with_cp = with_cp
        self.dropout = dropout
        self.groups_ = nn.ModuleList(
            SeqGroup(self.window_width(i), group_width,
                     kernel_size=kernel_size, bottleneck=bottleneck,
                     subgroups=subgroups, dilation=dilation,
                     norm_cfg=norm_cfg, act_cfg=act_cfg,
                     with_act_output=last_act or i < self.g - 1)
            for i in range(self.g))
        if self.windowed:
            idx, inv, self._push_sizes = self._windowed_index()
            self.register_buffer('_push_idx', idx, persistent=False)
            self.register_buffer('_push_inv', inv, persistent=False)

    def window_width(self, i: int) -> int:
        return (self.in_channels if self.windowed else
                self.in_channels + i * self.k)

    def window_start(self, i: int) -> int:
        """Start of group i's window in S = [x, a_0, a_1, ...]."""
        return i * self.k if self.windowed else 0

    # -- weight bookkeeping for the push evaluation ------------------------
    def _x_weight(self):
        """(C_out, C_in, s, s): every group's weights on the channels of x,
        zero where its window has slid past them."""
        c_in, parts = self.in_channels, []
        for i, grp in enumerate(self.groups_):
            start = self.window_start(i)
            w = grp.conv.weight
            if start >= c_in:
                parts.append(w.new_zeros(w.shape[0], c_in, *w.shape[2:]))
            else:
                parts.append(F.pad(w[:, :c_in - start],
                                   (0, 0, 0, 0, start, 0)))
        return torch.cat(parts, 0)

    def _push_weight(self, j: int):
        """Weights that carry a_j into the later groups that see it; returns
        (stacked weight, index of the first group, number of groups)."""
        pos = self.in_channels + j * self.k  # a_j's place in S
        parts, first = [], None
        for i in range(j + 1, self.g):
            off = pos - self.window_start(i)  # shrinks as i grows
            if off < 0:
                break  # a_j has slid out of this and every later window
            first = i if first is None else first
            parts.append(self.groups_[i].conv.weight[:, off:off + self.k])
        if not parts:
            return None, None, 0
        return torch.cat(parts, 0), first, len(parts)

    def _conv(self, x, weight):
        conv = self.groups_[0].conv
        return F.conv2d(x, weight, None, 1, conv.padding, conv.dilation)

    def _windowed_index(self):
        """Row indices for ``_windowed_weights`` (built once, in
        ``__init__``; non-persistent buffers, so they follow the module to
        its device and stay out of checkpoints, and torch.compile traces
        no index construction).

        The stacked weights (g, k, C_in, s, s) are read as rows of one
        window chunk each, row (i, o, e) = group i, output channel o,
        window chunk e. The x weight's rows are (i, o, c) for x chunk c,
        a push weight's rows (t, o) for the t-th later group; index
        g k C_in / k (one past the last row) selects a zero row. Every
        weight row is used exactly once: window chunk e of group i is
        S chunk m = i + e, i.e. x chunk m if m < C_in / k, else a_j with
        j = m - C_in / k, pushed to group i = j + 1 + t. Returns (index,
        inverse index, number of later groups of each a_j)."""
        k, g = self.k, self.g
        gw = self.in_channels // k
        rows = torch.arange(g * k * gw).view(g, k, gw)
        zero = g * k * gw
        i = torch.arange(g).view(g, 1, 1)
        c = torch.arange(gw).view(1, 1, gw)
        # group i reads x chunk c at its window chunk c - i (c >= i)
        src = rows.gather(2, (c - i).clamp(min=0).expand(g, k, gw))
        xidx = torch.where(c >= i, src, torch.full((), zero))
        parts, sizes = [xidx.flatten()], []
        for j in range(g):
            n = min(gw, g - 1 - j)
            sizes.append(n)
            for t in range(n):  # a_j is chunk gw - 1 - t of group j+1+t
                parts.append(rows[j + 1 + t, :, gw - 1 - t])
        idx = torch.cat(parts)
        inv = torch.empty(zero, dtype=torch.long)
        inv[idx[idx < zero]] = torch.nonzero(idx < zero).flatten()
        assert (idx < zero).sum() == zero  # a permutation plus zeros
        return idx, inv, sizes

    def _windowed_weights(self):
        """All push weights of a windowed layer gathered from the stacked
        group weights in one step: (x weight, [push weight of a_j or None
        for each j]). The gather's gradient is the inverse gather (each
        weight row is used once), so backward does no scatter-add."""
        k, g = self.k, self.g
        w = torch.stack([grp.conv.weight for grp in self.groups_])
        ks = w.shape[3:]
        idx, inv, sizes = self._push_idx, self._push_inv, self._push_sizes
        rows = _GatherRows.apply(w.reshape(-1, k, *ks), idx, inv)
        nx = g * k * (self.in_channels // k)
        xw = rows[:nx].view(g * k, self.in_channels, *ks)
        pushes, off = [], nx
        for n in sizes:
            pushes.append(rows[off:off + n * k].view(n * k, k, *ks)
                          if n > 0 else None)
            off += n * k
        return xw, pushes

    def _x_split(self) -> int:
        """Windowed layers: group i sees x's chunks [i, C_in / k), so the
        x weight is zero below a staircase. Groups [0, h) are evaluated on
        all of x and groups [h, g) on x[:, h k:] only (or not at all when
        h k >= C_in), with h chosen to leave the fewest zero blocks:
        for g = C_in / k = 8, 48 of 64 blocks instead of 64 (36 needed).
        The slice x[:, h k:] costs a copy (and a scatter in backward), so
        the split is kept only where it saves at least 256 multiply-adds
        per copied value (on B22: the 14x14 and 7x7 stages, k = 64 and 128,
        13% faster per layer; at k = 32 on 56x56 maps the copy cost more
        than it saved)."""
        if not self.windowed:
            return self.g  # dense windows see all of x
        k, gw, g = self.k, self.in_channels // self.k, self.g

        def blocks(h):
            return h * gw + (g - h) * max(gw - h, 0)
        h = min(range(1, g + 1), key=lambda h: (blocks(h), -h))
        copied = self.in_channels - h * k
        saved = (blocks(g) - blocks(h)) * k * k
        if 0 < copied and saved < self.x_split_min_saving * copied:
            return g
        return h

    def _x_part(self, x, xw):
        """x's contribution to every group's accumulator (None for groups
        whose windows have slid past x), see ``_x_split``."""
        k, g, h = self.k, self.g, self._x_split()
        accs = list(self._conv(x, xw[:h * k]).split(k, 1))
        if h < g:
            c0 = h * k
            if c0 < self.in_channels:
                accs += self._conv(x[:, c0:], xw[c0:, c0:]).split(k, 1)
            else:
                accs += [None] * (g - h)
        return accs

    def _forward(self, x, shortcut=None, keep_raw=True, prepend=None):
        k = self.k
        drop = self.dropout > 0 and self.training
        if drop:
            x = F.dropout2d(x, self.dropout, True)
        if self.windowed:
            xw, pushes = self._windowed_weights()
            push = [(p, j + 1, 0 if p is None else p.shape[0] // k)
                    for j, p in enumerate(pushes)]
        else:
            xw = self._x_weight()
            push = [self._push_weight(j) for j in range(self.g)]
        accs = self._x_part(x, xw)
        dense = (torch.channels_last
                 if x.is_contiguous(memory_format=torch.channels_last)
                 and not x.is_contiguous() else torch.contiguous_format)
        raws, acts = [], []
        for j, grp in enumerate(self.groups_):
            sc = None if shortcut is None else shortcut[:, j * k:(j + 1) * k]
            pre = accs[j]
            if pre._base is not None:
                # still a channel slice of a conv output (group 0, or a
                # group fed by one push only): its norm would keep the
                # whole conv output for backward, and in channels_last a
                # slice is strided in every layout (norms on it run 5-9x
                # slower); a dense copy of its k channels avoids both
                pre = pre.contiguous(memory_format=dense)
            r, a = grp.finish(pre, sc)
            raws.append(r)
            acts.append(a)
            w, first, n = push[j]
            if n:
                src = F.dropout2d(a, self.dropout, True) if drop else a
                contrib = self._conv(src, w).split(k, 1)
                for t in range(n):
                    i = first + t
                    accs[i] = (contrib[t] if accs[i] is None else
                               accs[i] + contrib[t])
        return self._outputs(raws, acts, keep_raw, prepend)

    @staticmethod
    def _outputs(raws, acts, keep_raw, prepend):
        raw_out = torch.cat(raws, 1) if keep_raw else None
        if acts[-1] is None:  # last_act=False: no activated output
            return raw_out, None
        if prepend is not None:
            acts = [prepend] + acts
        return raw_out, torch.cat(acts, 1)

    def _reference(self, x, shortcut=None, keep_raw=True, prepend=None):
        """Eq. 1 / Eq. 2 literally: per group, concatenate its window from
        S = [x, a_0, a_1, ...] and convolve (the official loop)."""
        k, seq, raws, acts = self.k, [x], [], []
        drop = self.dropout > 0 and self.training
        for i, grp in enumerate(self.groups_):
            s = torch.cat(seq, 1)
            start = self.window_start(i)
            window = s[:, start:start + self.window_width(i)]
            if drop:
                window = F.dropout2d(window, self.dropout, True)
            sc = None if shortcut is None else shortcut[:, i * k:(i + 1) * k]
            r, a = grp.finish(grp.conv(window), sc)
            raws.append(r)
            acts.append(a)
            seq.append(a)
        return self._outputs(raws, acts, keep_raw, prepend)

    def forward(self, x, shortcut=None, keep_raw=True, prepend=None):
        """(N, C_in, H, W) [, shortcut (N, C_out, H, W)] -> (raw, act),
        both (N, C_out, H, W); ``keep_raw=False`` skips concatenating the
        raw outputs and returns None for them (callers that use only act);
        ``prepend`` (N, C, H, W) is concatenated before the act output in
        the same copy, which is then (N, C + C_out, H, W) (down-sampling
        blocks' [a_in, extension])."""
        fn = self._forward if self.impl == 'push' else self._reference
        if self.with_cp and x.requires_grad:
            return cp.checkpoint(fn, x, shortcut, keep_raw, prepend,
                                 use_reentrant=False)
        return fn(x, shortcut, keep_raw, prepend)
