"""Class weights from the training labels, set on the loss before training.

ENet's weighting (Paszke et al., "ENet", 2016): ``w_c = 1 / ln(k + p_c)``
with ``p_c`` the share of labelled pixels of class c and ``k = 1.02``. Deep
Control (Ruff 2017, section 1.1) normalises them to mean 1 so that they do
not scale the learning rate ("these sum to around 30 for Cityscapes and
were then normalised so that the mean class weight is 1").

The hook scans the training split once (progress bar with ETA), caches the
weights in ``{work_dir}/class_weights.json`` (reused on resume) and writes
them into every ``CrossEntropyLoss`` of the decode (and auxiliary) heads.
"""
import json
import os.path as osp
from typing import List, Optional

import numpy as np
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.models.losses import CrossEntropyLoss
from mmseg.registry import HOOKS

from ...datasets.checks import read_label_map, remap_labels
from ...utils.files import atomic_output
from ...utils.progress import progress_bar


def enet_class_weights(hist: np.ndarray, k: float = 1.02,
                       normalize: bool = True) -> List[float]:
    """ENet weights ``1 / ln(k + p_c)`` from a per-class pixel histogram,
    optionally normalised to mean 1 (Deep Control)."""
    p = hist.astype(np.float64) / max(hist.sum(), 1)
    w = 1.0 / np.log(k + p)
    if normalize:
        w = w / w.mean()
    return [float(v) for v in w]


def label_histogram(dataset, num_classes: int, progress: bool = True
                    ) -> np.ndarray:
    """Pixel count per class over a mmseg dataset's label maps (after its
    ``reduce_zero_label`` / ``label_map``; 255 and other values skipped)."""
    hist = np.zeros(num_classes, np.int64)
    bar = progress_bar(len(dataset)) if progress else None
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        seg = remap_labels(read_label_map(info['seg_map_path']), info)
        seg = seg[(seg >= 0) & (seg < num_classes)]
        hist += np.bincount(seg, minlength=num_classes)
        if bar:
            bar.update()
    return hist


def _ce_losses(model):
    heads = [getattr(model, 'decode_head', None)]
    aux = getattr(model, 'auxiliary_head', None)
    heads += list(aux) if isinstance(aux, (list, tuple)) or \
        type(aux).__name__ == 'ModuleList' else [aux]
    for head in heads:
        if head is None:
            continue
        losses = head.loss_decode
        losses = list(losses) if not hasattr(losses, 'class_weight') \
            else [losses]
        for loss in losses:
            if hasattr(loss, 'class_weight'):
                yield loss


@HOOKS.register_module()
class ClassWeightHook(Hook):
    """Set ENet class weights (mean 1) on the losses before training.

    Args:
        k (float): ENet's constant. Default 1.02.
        normalize (bool): scale the weights to mean 1. Default True.
        cache (str): file name in the work dir. Default 'class_weights.json'.
    """
    priority = 'VERY_HIGH'

    def __init__(self, k: float = 1.02, normalize: bool = True,
                 cache: str = 'class_weights.json') -> None:
        self.k = k
        self.normalize = normalize
        self.cache = cache
        self.weights: Optional[List[float]] = None

    def before_train(self, runner) -> None:
        dataset = runner.train_dataloader.dataset
        classes = dataset.metainfo['classes']
        path = osp.join(runner.work_dir, self.cache)
        if osp.isfile(path):
            try:
                with open(path) as f:
                    saved = json.load(f)
            except ValueError:
                runner.logger.warning(
                    f'ClassWeightHook: "{path}" is cut off or not JSON; '
                    'counting the label pixels again')
                saved = {}
            if saved.get('classes') == list(classes):
                self.weights = saved['weights']
        if self.weights is None:
            runner.logger.info('ClassWeightHook: counting label pixels of '
                               f'{len(dataset)} training images')
            hist = label_histogram(dataset, len(classes))
            self.weights = enet_class_weights(hist, self.k, self.normalize)
            with atomic_output(path) as part, open(part, 'w') as f:
                json.dump(dict(classes=list(classes), weights=self.weights,
                               pixels=hist.tolist(), k=self.k,
                               normalize=self.normalize), f, indent=1)
        model = runner.model.module if is_model_wrapper(runner.model) \
            else runner.model
        for loss in _ce_losses(model):
            if type(loss) is CrossEntropyLoss:
                raise ValueError(
                    "ClassWeightHook: the model's loss is mmseg's "
                    "CrossEntropyLoss, whose class weights fail on ignored "
                    "(255) pixels; use loss_decode=dict(type="
                    "'WeightedCrossEntropyLoss', ...) (same arguments)")
            loss.class_weight = list(self.weights)
        runner.logger.info('ClassWeightHook: ' + ', '.join(
            f'{c} {w:.3f}' for c, w in zip(classes, self.weights)))
