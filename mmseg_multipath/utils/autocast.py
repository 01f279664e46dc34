"""Which low-precision autocast a device runs well, and the one place that
decides it for training, testing, prediction and the benchmarks.

PyTorch's CPU autocast (``torch.autocast('cpu', dtype=torch.bfloat16)``)
runs convolutions and matrix products in bfloat16 through oneDNN. Native
bf16 instructions make that fast: AVX-512 BF16 (``avx512_bf16``: Intel
Cooper Lake and later, AMD Zen 4 and later) and AMX (``amx_bf16``: Intel
Sapphire Rapids and later). Without them oneDNN has no bf16 arithmetic
to gain from (it converts around float32 arithmetic), so there autocast
is switched off with one log line and the run stays in float32.
float16 autocast on the CPU has no fast kernels and needs a loss scaler:
it is refused. On CUDA, bf16 needs a GPU that supports it
(``torch.cuda.is_bf16_supported()``), float16 is mmengine's
``AmpOptimWrapper`` (with its loss scaler).
"""
from typing import Optional, Tuple

import torch

DTYPES = {'bfloat16': torch.bfloat16, 'bf16': torch.bfloat16,
          'float16': torch.float16, 'fp16': torch.float16}


def cpu_bf16_isa() -> Optional[str]:
    """The CPU's native bf16 instruction set ('amx_bf16' or
    'avx512_bf16'), or None where bf16 would be emulated."""
    cpu = torch.cpu
    if getattr(cpu, '_is_amx_tile_supported', lambda: False)():
        return 'amx_bf16'
    if getattr(cpu, '_is_avx512_bf16_supported', lambda: False)():
        return 'avx512_bf16'
    return None


def to_dtype(dtype) -> torch.dtype:
    """'bfloat16' / 'bf16' / 'float16' / 'fp16' or a torch dtype."""
    if isinstance(dtype, torch.dtype):
        return dtype
    if dtype not in DTYPES:
        raise ValueError(f'autocast dtype must be one of {sorted(DTYPES)}, '
                         f'got {dtype!r}')
    return DTYPES[dtype]


def autocast_plan(device_type: str, dtype='bfloat16'
                  ) -> Tuple[bool, torch.dtype, str]:
    """``(enabled, dtype, why)`` for autocast on ``device_type``.

    ``why`` is one line for the log: the mode that runs and the reason.
    A CPU without native bf16 gives ``enabled=False`` (float32); float16
    on the CPU raises a ValueError.
    """
    dt = to_dtype(dtype)
    name = str(dt).replace('torch.', '')
    if device_type == 'cpu':
        if dt != torch.bfloat16:
            raise ValueError(
                f'{name} autocast on the CPU has no fast kernels and needs a '
                'loss scaler; use bfloat16 on the CPU')
        isa = cpu_bf16_isa()
        if isa is None:
            return (False, dt, 'this CPU has no native bf16 instructions '
                    '(avx512_bf16 or amx_bf16): running in float32')
        return True, dt, f'bfloat16 autocast on the CPU ({isa})'
    if device_type == 'cuda':
        if dt == torch.bfloat16 and not torch.cuda.is_bf16_supported():
            return (False, dt, 'this GPU does not support bfloat16: running '
                    'in float32 (use float16 with AmpOptimWrapper)')
        return True, dt, f'{name} autocast on CUDA'
    return False, dt, f'no autocast on {device_type}: running in float32'


def use_amp_optim_wrapper(optim_wrapper: dict, device_type: str,
                          dtype: Optional[str] = None) -> str:
    """``tools/train.py --amp``: switch an ``OptimWrapper`` config, in
    place, to mixed precision on ``device_type`` and return a log line.

    CPU: :class:`AutocastOptimWrapper` in bfloat16 (float16 refused).
    CUDA: mmengine's ``AmpOptimWrapper`` with a dynamic loss scale
    (mmseg's ``--amp``) in float16, or :class:`AutocastOptimWrapper` for
    ``dtype='bfloat16'`` (no scaler needed). A wrapper that is already
    mixed precision is left as it is.
    """
    kind = optim_wrapper.get('type', 'OptimWrapper')
    if kind in ('AmpOptimWrapper', 'AutocastOptimWrapper'):
        return f'--amp: the config already trains with {kind}'
    if kind != 'OptimWrapper':
        raise ValueError(f'--amp replaces optim_wrapper.type=OptimWrapper, '
                         f'but the config has {kind!r}')
    if device_type == 'cuda' and dtype in (None, 'float16'):
        optim_wrapper.update(type='AmpOptimWrapper', loss_scale='dynamic')
        return '--amp: float16 autocast with a dynamic loss scale ' \
            '(AmpOptimWrapper)'
    if device_type != 'cuda' and dtype == 'float16':
        raise ValueError('--amp-dtype float16 needs CUDA; on the CPU --amp '
                         'trains in bfloat16')
    optim_wrapper.update(type='AutocastOptimWrapper', dtype='bfloat16')
    return '--amp: bfloat16 autocast (AutocastOptimWrapper)'


def amp_for_inference(device_type: str) -> Tuple[bool, str]:
    """``--amp`` of the test, predict and export tools: ``(enabled, log
    line)``. mmengine's ``TestLoop(fp16=True)`` autocasts to float16 on
    CUDA and to bfloat16 on the CPU; on a CPU without native bf16 the
    tools stay in float32 and say so. :func:`inference_dtype` is the
    dtype that goes with it."""
    if device_type == 'cuda':
        return True, '--amp: float16 autocast on CUDA'
    enabled, _, why = autocast_plan(device_type, 'bfloat16')
    return enabled, f'--amp: {why}'


def inference_dtype(device_type: str) -> torch.dtype:
    """The autocast dtype of ``--amp`` in the inference tools, as
    mmengine's ``TestLoop(fp16=True)`` picks it: float16 on CUDA, bfloat16
    elsewhere."""
    return torch.float16 if device_type == 'cuda' else torch.bfloat16


def training_mode(cfg, device_type: str = 'cpu') -> str:
    """What a config trains in on ``device_type``, in words: precision
    (from its optim wrapper and this device) and memory layout (from
    ``ChannelsLastHook`` in its custom hooks)."""
    wrapper = (cfg.get('optim_wrapper') or {}).get('type', 'OptimWrapper')
    if wrapper == 'AutocastOptimWrapper':
        enabled, dt, why = autocast_plan(
            device_type, cfg.optim_wrapper.get('dtype', 'bfloat16'))
        precision = why if enabled else f'float32 ({why})'
    elif wrapper == 'AmpOptimWrapper':
        precision = 'float16 autocast with a loss scaler'
    else:
        precision = 'float32'
    layout = ('channels_last' if any(
        h.get('type') == 'ChannelsLastHook'
        for h in cfg.get('custom_hooks') or []) else 'NCHW')
    return f'{precision}, {layout}'
