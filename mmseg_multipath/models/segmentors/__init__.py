"""Segmentors of mmseg-multipath: ``DeployedSegmentor`` runs an exported
OpenVINO IR or ONNX file in mmseg's test loop."""
from .deployed_segmentor import DeployedSegmentor

__all__ = ['DeployedSegmentor']
