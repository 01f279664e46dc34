"""Deployment: the segmentor as one graph (``export_wrapper``), its record
(``metadata``), OpenVINO conversion and NNCF int8 quantization
(``openvino_export``, ``calibration``) and the runtimes that run the files
(``runtimes``; mmseg's test loop runs them through
``models.segmentors.DeployedSegmentor``). OpenVINO, NNCF and onnxruntime
are optional (``pip install -e .[deploy]`` / ``.[onnx]``): imported where
used."""
from .export_wrapper import ExportWrapper
from .metadata import check_fits, make_meta
from .runtimes import open_deployed

__all__ = ['ExportWrapper', 'check_fits', 'make_meta', 'open_deployed']
