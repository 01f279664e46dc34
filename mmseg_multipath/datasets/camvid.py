"""CamVid in the SegNet 11-class form, registered in mmseg's ``DATASETS``.

Brostow et al., "Semantic object classes in video: A high-definition ground
truth database", PRL 2009; class set and split of SegNet (Badrinarayanan et
al., TPAMI 2017): 367 train / 101 val / 233 test images at 360x480.

Reads mmseg's usual layout written by ``tools/dataset_converters/camvid.py``::

    data/camvid/img_dir/{train,val,test}/*.png   RGB images
    data/camvid/ann_dir/{train,val,test}/*.png   labels 0..10, void = 255
"""
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .camvid_meta import CAMVID_CLASSES, CAMVID_PALETTE
from .checks import check_data_list, check_split_dirs


@DATASETS.register_module()
class CamVidDataset(BaseSegDataset):
    """CamVid (SegNet split): 11 classes, void (255) ignored.

    Args:
        img_suffix (str): suffix of images. Default: '.png'.
        seg_map_suffix (str): suffix of label maps. Default: '.png'.
        **kwargs: passed to :class:`mmseg.datasets.BaseSegDataset`.

    A missing data root or split folder, or a split without images, raises
    :class:`~mmseg_multipath.datasets.checks.DataError` naming the folder.
    """
    METAINFO = dict(classes=CAMVID_CLASSES, palette=CAMVID_PALETTE)
    CHECKS_ON_LOAD = True  # SkippedFilesHook leaves it out

    def __init__(self, img_suffix='.png', seg_map_suffix='.png',
                 **kwargs) -> None:
        super().__init__(img_suffix=img_suffix, seg_map_suffix=seg_map_suffix,
                         reduce_zero_label=False, **kwargs)

    def load_data_list(self):
        check_split_dirs(self)
        data_list = super().load_data_list()
        return check_data_list(self, data_list)
