"""Run a deployed segmentor file: OpenVINO for an IR (``.xml``),
onnxruntime for ONNX (``.onnx``).

Both take what the export takes (float32 (1, 3, H, W), 0..255, the loaded
image's channel order) and return the graph's output as a numpy array:
labels (1, H, W) or logits (1, C, H, W) (see
:mod:`mmseg_multipath.deployment.export_wrapper`). ``meta`` is the file's
record (:mod:`mmseg_multipath.deployment.metadata`).

OpenVINO runs on the CPU with ``PERFORMANCE_HINT=LATENCY``. Its inference
precision follows the file's record unless ``precision`` overrides it:
'fp32' compiles with ``INFERENCE_PRECISION_HINT=f32``, 'bf16' with ``bf16``
(a CPU without native bf16, AVX-512 BF16 or AMX, runs f32 and says so in
``why``); an int8 IR runs its quantized layers in int8 and the rest as
'bf16' where the CPU has it. An IR whose height and width are dynamic is
compiled once per input shape (kept); one of static shape refuses other
shapes in one line naming the file and both shapes.
"""
import os.path as osp
from typing import Optional

import numpy as np

from .metadata import META_KEY, PRECISIONS, from_text


def _threads(num_threads: Optional[int]) -> dict:
    return {} if not num_threads else {'INFERENCE_NUM_THREADS':
                                       int(num_threads)}


def _shape_error(path, want, got):
    return ValueError(
        f'deployed model "{path}" takes images of {want[0]}x{want[1]} '
        f'(H x W), this input is {got[0]}x{got[1]}: export it again with '
        f'--shape {got[0]} {got[1]}, or with --dynamic')


class OpenVINOModel:
    """An OpenVINO IR on the CPU.

    Args:
        path (str): the ``.xml`` file (its ``.bin`` beside it).
        precision (str, optional): 'fp32' or 'bf16' inference precision
            instead of the file's (an int8 file stays int8).
        num_threads (int, optional): OpenVINO's ``INFERENCE_NUM_THREADS``.
    """
    runtime = 'openvino'

    def __init__(self, path: str, precision: Optional[str] = None,
                 num_threads: Optional[int] = None):
        import openvino as ov
        self.path = path
        self.core = ov.Core()
        self.model = self.core.read_model(path)
        if not self.model.has_rt_info([META_KEY, 'meta']):
            raise ValueError(
                f'deployed model "{path}" has no {META_KEY} record: export '
                'it with tools/deployment/export_openvino.py')
        self.meta = from_text(
            self.model.get_rt_info([META_KEY, 'meta']).astype(str), path)
        if precision not in (None,) + PRECISIONS[:2]:
            raise ValueError(f'precision must be fp32 or bf16, got '
                             f'{precision!r}')
        want = precision or self.meta['precision']
        caps = self.core.get_property('CPU', 'OPTIMIZATION_CAPABILITIES')
        bf16 = 'BF16' in caps
        self.precision = self.meta['precision'] if want == 'int8' else want
        hint = 'f32' if want == 'fp32' or not bf16 else 'bf16'
        if self.meta['precision'] == 'int8':
            self.why = (f'OpenVINO int8 (other layers in {hint}) on the CPU')
        elif want == 'bf16' and not bf16:
            self.why = ('OpenVINO: this CPU has no native bf16 (AVX-512 BF16 '
                        'or AMX): running in f32')
        else:
            self.why = f'OpenVINO {hint} on the CPU'
        self.config = {'PERFORMANCE_HINT': 'LATENCY',
                       'INFERENCE_PRECISION_HINT': hint,
                       **_threads(num_threads)}
        ps = self.model.input(0).get_partial_shape()
        self.static_shape = None if ps.is_dynamic else tuple(
            d.get_length() for d in ps)[2:]
        self._requests = {}

    def _request(self, shape):
        req = self._requests.get(shape)
        if req is None:
            if self.static_shape is not None:
                if tuple(shape[2:]) != self.static_shape:
                    raise _shape_error(self.path, self.static_shape,
                                       shape[2:])
                model = self.model
            else:
                model = self.model.clone()
                model.reshape({model.input(0): list(shape)})
            compiled = self.core.compile_model(model, 'CPU', self.config)
            req = self._requests[shape] = compiled.create_infer_request()
        return req

    def __call__(self, img: np.ndarray) -> np.ndarray:
        img = np.ascontiguousarray(img, dtype=np.float32)
        req = self._request(tuple(img.shape))
        req.infer({0: img})
        return req.get_output_tensor(0).data.copy()


class OnnxRuntimeModel:
    """An ONNX file on onnxruntime's CPU provider (float32).

    Args:
        path (str): the ``.onnx`` file (its ``.onnx.data`` beside it).
        num_threads (int, optional): onnxruntime's intra-op threads.
    """
    runtime = 'onnxruntime'

    def __init__(self, path: str, precision: Optional[str] = None,
                 num_threads: Optional[int] = None):
        import onnxruntime as ort
        if precision not in (None, 'fp32'):
            raise ValueError(f'{path}: onnxruntime runs the ONNX file in '
                             f'fp32, not {precision}')
        opts = ort.SessionOptions()
        if num_threads:
            opts.intra_op_num_threads = int(num_threads)
        self.path = path
        self.session = ort.InferenceSession(
            path, opts, providers=['CPUExecutionProvider'])
        props = self.session.get_modelmeta().custom_metadata_map
        if META_KEY not in props:
            raise ValueError(
                f'deployed model "{path}" has no {META_KEY} record: export '
                'it with tools/deployment/export_onnx.py')
        self.meta = from_text(props[META_KEY], path)
        self.precision = 'fp32'
        self.why = 'onnxruntime fp32 on the CPU'
        dims = self.session.get_inputs()[0].shape[2:]
        self.static_shape = tuple(dims) if all(
            isinstance(d, int) for d in dims) else None
        self.input_name = self.session.get_inputs()[0].name

    def __call__(self, img: np.ndarray) -> np.ndarray:
        img = np.ascontiguousarray(img, dtype=np.float32)
        if self.static_shape is not None and \
                tuple(img.shape[2:]) != self.static_shape:
            raise _shape_error(self.path, self.static_shape, img.shape[2:])
        return self.session.run(None, {self.input_name: img})[0]


RUNTIMES = {'.xml': OpenVINOModel, '.onnx': OnnxRuntimeModel}


def open_deployed(path: str, precision: Optional[str] = None,
                  num_threads: Optional[int] = None):
    """The runtime of a deployed file by its extension (``.xml``: OpenVINO,
    ``.onnx``: onnxruntime); one line for a missing or unknown file."""
    ext = osp.splitext(path)[1].lower()
    if ext not in RUNTIMES:
        raise ValueError(f'deployed model "{path}": expected an OpenVINO IR '
                         '(.xml) or an ONNX file (.onnx)')
    if not osp.isfile(path):
        raise FileNotFoundError(f'deployed model "{path}" does not exist')
    if ext == '.xml' and not osp.isfile(osp.splitext(path)[0] + '.bin'):
        raise FileNotFoundError(
            f'deployed model "{path}": its weights '
            f'"{osp.splitext(path)[0]}.bin" are missing')
    return RUNTIMES[ext](path, precision, num_threads)


__all__ = ['OpenVINOModel', 'OnnxRuntimeModel', 'open_deployed']
