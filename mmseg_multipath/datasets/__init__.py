from .camvid import CamVidDataset
from .camvid_meta import CAMVID_CLASSES, CAMVID_PALETTE
from .checked_backend import CheckedLocalBackend
from .checks import DataError
from .demo_data import generate_demo_dataset, render_scene
from .transforms import CheckedLoadAnnotations, CheckedLoadImageFromFile

__all__ = [
    'CamVidDataset', 'CAMVID_CLASSES', 'CAMVID_PALETTE', 'DataError',
    'generate_demo_dataset', 'render_scene', 'CheckedLoadAnnotations',
    'CheckedLoadImageFromFile', 'CheckedLocalBackend'
]
