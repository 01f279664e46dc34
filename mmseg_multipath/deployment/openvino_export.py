"""A segmentor to an OpenVINO IR, in fp32, bf16 or int8.

:func:`convert` traces :class:`~.export_wrapper.ExportWrapper` with
``openvino.convert_model`` (input ``img``: (1, 3, H, W) float 0..255, the
loaded image's channel order; output ``labels`` (1, H, W) or ``logits``
(1, C, H, W)), static H, W or, with ``dynamic``, any H, W. Weights stay
float32 in the ``.bin`` (no fp16 compression: the fp32 IR reproduces the
PyTorch logits).

bf16 is not a property of the file: it is the inference precision the CPU
plugin compiles with (``INFERENCE_PRECISION_HINT``); the record
(:mod:`.metadata`) says which the file is meant for and
:class:`~.runtimes.OpenVINOModel` applies it.

int8 is NNCF's post-training quantization (:func:`quantize`,
``nncf.quantize``): fake-quantize nodes on the inputs and weights of the
convolutions and matrix products, ranges from a calibration set of real
images, fast bias correction; the layers named in ``ignored`` (NNCF's
``IgnoredScope`` by node name) stay in floating point.
"""
from typing import Iterable, Optional, Sequence

import numpy as np
import torch

from .export_wrapper import ExportWrapper
from .metadata import META_KEY, to_text


def convert(segmentor, shape: Sequence[int], labels: bool = True,
            dynamic: bool = False):
    """The ``openvino.Model`` of ``segmentor`` (eval mode, SyncBN reverted)
    for inputs of ``shape`` (H, W), or of any H, W with ``dynamic``."""
    import openvino as ov
    wrapper = ExportWrapper(segmentor, labels).eval()
    h, w = shape
    example = torch.rand(1, 3, h, w, generator=torch.Generator().manual_seed(
        0)) * 255
    with torch.no_grad():
        model = ov.convert_model(
            wrapper, example_input=example,
            input=[1, 3, -1, -1] if dynamic else [1, 3, h, w])
    model.inputs[0].get_tensor().set_names({'img'})
    model.outputs[0].get_tensor().set_names(
        {'labels' if labels else 'logits'})
    return model


def quantize(model, images: Iterable[np.ndarray], num: int,
             ignored: Optional[Sequence[str]] = None,
             preset: str = 'mixed'):
    """NNCF int8 post-training quantization of an ``openvino.Model`` on
    ``num`` calibration images ((1, 3, H, W) float32 arrays, as the model
    takes them). ``preset`` 'mixed' (asymmetric activations: the toolbox's
    LeakyReLU maps are signed) or 'performance' (symmetric)."""
    import nncf
    presets = {'mixed': nncf.QuantizationPreset.MIXED,
               'performance': nncf.QuantizationPreset.PERFORMANCE}
    if preset not in presets:
        raise ValueError(f'preset must be one of {sorted(presets)}, got '
                         f'{preset!r}')
    images = list(images)
    kwargs = {}
    if ignored:
        kwargs['ignored_scope'] = nncf.IgnoredScope(names=list(ignored))
    return nncf.quantize(model, nncf.Dataset(images), subset_size=len(images),
                         preset=presets[preset],
                         target_device=nncf.TargetDevice.CPU, **kwargs)


def save(model, meta: dict, path: str) -> None:
    """Write ``path`` (.xml) and its .bin with ``meta`` in the runtime
    info, float32 weights."""
    import openvino as ov
    model.set_rt_info(to_text(meta), [META_KEY, 'meta'])
    ov.save_model(model, path, compress_to_fp16=False)


__all__ = ['convert', 'quantize', 'save']
