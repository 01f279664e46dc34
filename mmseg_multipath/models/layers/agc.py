"""AGC: the automatic gain control normalisation of Deep Control.

Ruff, "Deep Control: a simple automatic gain control for memory efficient and
high performance training", arXiv 1706.03907, 2017, Eq. 1::

    O = (x - lambda * mean_HW(x)) * gamma + beta

per sample and per channel; lambda, gamma and beta are trainable per
channel. There are no batch statistics: training and inference compute the
same function, batch size 1 works, and there are no running buffers, so
``norm_eval`` has nothing to freeze (it is a no-op by design).

Shapes: input (N, C, *spatial) with any spatial size (2D maps in practice),
output the same shape.

Registered in mmcv's (mmengine's root) ``MODELS`` as ``'AGC'``, so
``norm_cfg=dict(type='AGC')`` works wherever ``build_norm_layer`` is used.

Decisions (no public implementation exists; see docs/agc.md):

* ``_abbr_ = 'agc'``: layers built by ``build_norm_layer`` are named
  ``agc1``, ``agc2``...; checkpoint keys say what the layer is, and a BN
  checkpoint loads its conv weights but never silently fills AGC layers with
  BN statistics.
* parameters: ``weight`` (gamma, init 1), ``bias`` (beta, init 0), ``lam``
  (lambda, init ``lambda_init`` = 1.0: full per-map mean removal, the
  paper's "AGC" behaviour; 0 makes the layer the identity at init, for
  fine-tuning BN-free weights). ``weight``/``bias`` keep BN's names so
  optimiser rules for norm weights and biases apply.
* ``eps`` is accepted and ignored (mmcv injects it; Eq. 1 divides by
  nothing).

Memory-efficient autograd (:class:`AGCFunction`): the input gradient needs
only the output gradient, ``dx = gamma * (dz - lambda * mean_HW(dz))``, and
the parameter gradients need ``x_hat = x - lambda * mean_HW(x) = (z - beta) /
gamma`` where ``z`` is the output. So the layer never keeps its input:

* default mode saves the input (safe anywhere, like BN);
* fused mode (set by :meth:`AGC.fuse_inplace_act`; :func:`~mmseg_multipath.
  models.layers.agc_fusion.fuse_agc` sets it across a built model, e.g. for
  mmcv ``ConvModule`` s whose norm is AGC followed by an in-place ReLU or
  LeakyReLU; training runs apply it once through ``AGCFusionHook``) keeps
  only a reference to its output. The in-place activation
  overwrites it with ``y = act(z)``, the same tensor the next conv keeps, so
  nothing extra is stored. ``z`` is recovered where it matters: for ReLU the
  gradient is zero wherever ``z <= 0``, so ``y`` serves; for LeakyReLU
  ``z = y / slope`` where ``y < 0``. This is In-Place ABN's idea (Rota Bulo
  et al., CVPR 2018) applied to AGC. A second in-place change of the output
  is detected through the tensor's version counter and raises; so is a
  single one made by something other than the activation the layer was
  fused with (an in-place residual add, say, which would make the weight
  gradients wrong in silence): the activation's forward hook signs for the
  change it made (:class:`ActReceipt`).

Mixed precision (``torch.autocast``): a bf16/fp16 input gets its per-map
mean, the gain and the shift computed in float32 (the mean removal
subtracts two nearly equal numbers, which bf16's 8-bit mantissa cannot
resolve) and the output in the input's dtype, so fused mode still keeps
nothing but the half-precision tensor that the next conv keeps anyway.
The backward reductions run in float32 too.
"""
from typing import Optional

import torch
import torch.nn as nn
from mmengine.registry import MODELS

# |gamma| below this is treated as this (sign kept) when x_hat is recovered
# from the output in fused mode; In-Place ABN needs the same guard.
_GAMMA_GUARD = 1e-6


def _bshape(t: torch.Tensor, ndim: int) -> torch.Tensor:
    """(C,) -> (1, C, 1, ...) for broadcasting over (N, C, *spatial)."""
    return t.view(1, -1, *([1] * (ndim - 2)))


def _stat_dtype(x: torch.Tensor) -> torch.dtype:
    """float32 for half-precision inputs, else the input's dtype."""
    return torch.promote_types(x.dtype, torch.float32)


def agc_reference(x: torch.Tensor, lam: torch.Tensor, weight: torch.Tensor,
                  bias: torch.Tensor) -> torch.Tensor:
    """Eq. 1 written with plain autograd ops (the reference for tests, and
    the inference path); statistics in at least float32, output in the
    input's dtype."""
    dims = tuple(range(2, x.dim()))
    mean = x.mean(dim=dims, keepdim=True, dtype=_stat_dtype(x))
    out = (x - _bshape(lam, x.dim()) * mean) * _bshape(weight, x.dim()) + \
        _bshape(bias, x.dim())
    return out.to(x.dtype)


def _dot_and_sum(dz: torch.Tensor, t: torch.Tensor):
    """Per (n, c): (sum_spatial dz * t, sum_spatial dz), both in one fused
    pass over the two tensors. This is the reduction of aten's batch-norm
    backward (grad_weight = sum dy (x - mean) invstd, grad_bias = sum dy)
    on the (1, N*C, *spatial) view, with mean 0 and invstd 1: every
    (n, c) map becomes one "channel". It replaces a mean plus an einsum
    dot, which read ``dz`` twice (see configs/agc/README.md)."""
    n, c = dz.shape[:2]

    def view(a):
        return a.reshape(1, n * c, *a.shape[2:])
    # float32 "weight" and statistics: aten's mixed-type kernel then
    # accumulates and returns float32 for a bf16 dz
    ones = dz.new_ones(n * c, dtype=_stat_dtype(dz))
    _, dot, total = torch.ops.aten.native_batch_norm_backward(
        view(dz), view(t.to(dz.dtype)), ones, None, None,
        torch.zeros_like(ones), ones, True, 0.0, [False, True, True])
    return dot.view(n, c), total.view(n, c)


class ActReceipt:
    """What the fused in-place activation did to one AGC output: the
    output's storage and version as AGC returned it (``ptr``,
    ``version``), and its version after the activation ran on it
    (``after``, set by the activation's forward hook; ``None`` while it has
    not run on this output)."""
    __slots__ = ('ptr', 'version', 'after')

    def __init__(self, ptr: int, version: int) -> None:
        self.ptr, self.version, self.after = ptr, version, None


class AGCFunction(torch.autograd.Function):
    """Eq. 1 with a hand-written backward that does not keep the input in
    fused mode (see module doc).

    Args (of ``apply``): x (N, C, *spatial), lam, weight, bias (C,),
    slope (float or None): ``None`` = default mode (keeps x); 0.0 = fused
    with an in-place ReLU; > 0 = fused with an in-place LeakyReLU of that
    negative slope; optionally an :class:`ActReceipt` (fused mode), which
    the activation fills in: one in-place change of the output that it
    did not sign for raises in backward.
    """

    @staticmethod
    def forward(ctx, x, lam, weight, bias, slope, *receipt):
        nd = x.dim()
        dims = tuple(range(2, nd))
        # (N, C, 1, 1), float32 for a half-precision x
        mean = x.mean(dim=dims, keepdim=True, dtype=_stat_dtype(x))
        w = _bshape(weight, nd).to(mean.dtype)
        # z = x * w + (b - lam * mean * w): one full-size temporary
        shift = _bshape(bias, nd) - _bshape(lam, nd) * mean * w
        out = torch.addcmul(shift, x, w).to(x.dtype)
        ctx.slope = slope
        if slope is None:
            ctx.save_for_backward(mean, lam, weight, bias, x)
        else:
            # keep a detached alias (same storage and version counter, no
            # grad_fn, so no reference cycle): the in-place activation that
            # follows must not trip autograd's version check; we check the
            # version ourselves in backward
            ctx.save_for_backward(mean, lam, weight, bias)
            ctx.out = out.detach()
            ctx.version = ctx.out._version
        ctx.receipt = receipt[0] if receipt else None
        ctx.n_extra = len(receipt)
        return out

    @staticmethod
    def backward(ctx, dz):
        nd = dz.dim()
        n_hw = dz[0, 0].numel()
        nc = dz.shape[:2]
        if ctx.slope is None:
            mean, lam, weight, bias, t = ctx.saved_tensors  # t = x
        else:
            mean, lam, weight, bias = ctx.saved_tensors
            t = ctx.out  # y = act(z), written in place over z
            changes = t._version - ctx.version
            if changes > 1:
                raise RuntimeError(
                    'AGC (fused mode): its output was modified in place more '
                    'than once (only the fused activation may do that); use '
                    'AGC.fuse_inplace_act(None) for this layer')
            receipt = ctx.receipt
            if changes == 1 and receipt is not None and \
                    receipt.after != t._version:
                raise RuntimeError(
                    'AGC (fused mode): its output was modified in place by '
                    'something other than the activation it is fused with '
                    '(an in-place add between them?), so its weight '
                    'gradients would be wrong; declare the real pair in '
                    'norm_act_pairs() or use AGC.fuse_inplace_act(None) for '
                    'this layer')
        dz_t, dz_sum = _dot_and_sum(dz, t)  # (N, C) each
        mean = mean.view(nc)
        if ctx.slope is None:
            # sum_hw dz * (x - lam * mean)
            dweight = (dz_t - lam[None] * mean * dz_sum).sum(0)
        else:
            # sum_hw dz * z: where ReLU zeroed z, dz is zero too, so y
            # stands in for z; LeakyReLU scaled negatives by the slope
            if changes == 1 and ctx.slope > 0:
                dz_t = dz_t + (1.0 / ctx.slope - 1.0) * _dot_and_sum(
                    dz, t.clamp(max=0))[0]
            w = torch.where(weight.abs() < _GAMMA_GUARD,
                            torch.full_like(weight, _GAMMA_GUARD).copysign(
                                weight), weight)
            # x_hat = (z - beta) / gamma
            dweight = ((dz_t - bias[None] * dz_sum) / w[None]).sum(0)
        # dx = gamma * (dz - lam * mean_HW(dz)), in one pass
        w_b = _bshape(weight, nd)
        dz_mean = (dz_sum / n_hw).view(*nc, *([1] * (nd - 2)))
        dx = torch.addcmul(-w_b * _bshape(lam, nd) * dz_mean, dz,
                           w_b).to(dz.dtype)
        dbias = dz_sum.sum(0)
        # d/dlam of -lam * mean * w: -w * sum_n mean_nc * sum_hw dz_nc
        dlam = -weight * (mean * dz_sum).sum(0)
        return (dx, dlam, dweight, dbias, None) + (None, ) * ctx.n_extra


@MODELS.register_module('AGC')
class AGC(nn.Module):
    """Automatic gain control normalisation (Deep Control, Eq. 1).

    Args:
        num_features (int): channels C of the (N, C, H, W) input.
        lambda_init (float): initial lambda (mean-removal gain). Default 1.0.
        eps (float, optional): accepted for ``build_norm_layer``; unused.
        memory_efficient (bool): use :class:`AGCFunction` (default) instead
            of plain autograd ops (:func:`agc_reference`).
    """
    _abbr_ = 'agc'

    def __init__(self, num_features: int, lambda_init: float = 1.0,
                 eps: Optional[float] = None, memory_efficient: bool = True,
                 **kwargs) -> None:
        super().__init__()
        if kwargs:
            raise TypeError(f'AGC got unexpected arguments {sorted(kwargs)}')
        self.num_features = num_features
        self.lambda_init = lambda_init
        self.memory_efficient = memory_efficient
        self.weight = nn.Parameter(torch.ones(num_features))
        self.bias = nn.Parameter(torch.zeros(num_features))
        self.lam = nn.Parameter(torch.full((num_features, ), lambda_init))
        self._fused_slope: Optional[float] = None
        self._act_hook = None  # handle of the hook on the fused activation
        self._receipt: Optional[ActReceipt] = None

    def fuse_inplace_act(self, slope: Optional[float],
                         act: Optional[nn.Module] = None) -> None:
        """Declare that an in-place activation follows this layer.

        Args:
            slope: 0.0 for ReLU, the negative slope for LeakyReLU, ``None``
                to go back to the default (input-keeping) mode.
            act: the activation module itself. Given, its forward hook
                signs for the in-place change it makes to this layer's
                output, and backward raises if the one change was made by
                anything else; without it the pairing is trusted.
        """
        if slope is not None and slope < 0:
            raise ValueError(f'negative slope must be >= 0, got {slope}')
        if self._act_hook is not None:
            self._act_hook.remove()
            self._act_hook = None
        self._fused_slope = slope
        if slope is not None and act is not None:
            self._act_hook = act.register_forward_hook(self._act_ran)

    def _act_ran(self, act, inputs, output) -> None:
        """Forward hook of the fused activation: sign this layer's receipt
        when the activation ran in place on its output, right after it."""
        receipt = self._receipt
        if receipt is not None and torch.is_tensor(output) and \
                output.data_ptr() == receipt.ptr and \
                output._version == receipt.version + 1:
            receipt.after = output._version

    @property
    def fused_slope(self) -> Optional[float]:
        """The slope of the fused in-place activation, ``None`` in the
        default (input-keeping) mode."""
        return self._fused_slope

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() < 3 or x.shape[1] != self.num_features:
            raise ValueError(
                f'AGC expects (N, {self.num_features}, *spatial) input, got '
                f'{tuple(x.shape)}')
        # without autograd (inference, export) there is nothing to save:
        # plain ops are as fast and trace into ONNX as standard operators
        if not self.memory_efficient or not torch.is_grad_enabled():
            return agc_reference(x, self.lam, self.weight, self.bias)
        if self._act_hook is None:
            return AGCFunction.apply(x, self.lam, self.weight, self.bias,
                                     self._fused_slope)
        receipt = ActReceipt(0, 0)
        out = AGCFunction.apply(x, self.lam, self.weight, self.bias,
                                self._fused_slope, receipt)
        receipt.ptr, receipt.version = out.data_ptr(), out._version
        self._receipt = receipt
        return out

    def extra_repr(self) -> str:
        mode = 'plain' if not self.memory_efficient else (
            'keeps input' if self._fused_slope is None else
            f'fused in-place act (slope {self._fused_slope})')
        return (f'{self.num_features}, lambda_init={self.lambda_init}, '
                f'{mode}')
