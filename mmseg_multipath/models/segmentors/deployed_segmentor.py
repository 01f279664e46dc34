"""A deployed segmentor (OpenVINO IR or ONNX file) as an mmseg model.

``DeployedSegmentor`` implements mmseg's ``BaseSegmentor.predict`` by
running the file (:mod:`mmseg_multipath.deployment.runtimes`), so that the
test loop, mmseg's evaluator, ``--show-dir``, ``tools/predict.py``,
``mmseg.apis.inference_model`` and ``MMSegInferencer`` run it as they run
the PyTorch model: ``tools/test.py CONFIG --deployed model.xml`` reports
mIoU from mmseg's own ``IoUMetric``. Configs for it come from
:func:`mmseg_multipath.apis.deployed_config`.

The graph holds the normalisation (export_wrapper), so this model's data
preprocessor only stacks (and pads, as the config's would) the 0..255 BGR
images: (N, 3, H, W) float in. Each image runs alone (batch 1, the latency
setting of the export). With a logits graph the results go through mmseg's
``postprocess_result`` (padding removed, flip undone, bilinear resize to
the original shape, argmax): the PyTorch model's path exactly. A labels
graph (the faster export) gives (H, W) labels; padding is cropped and, where
the original shape differs from the input, the labels are resized by
nearest neighbour (PyTorch resizes the logits; labels can differ at class
borders there). Training is refused.
"""
from typing import List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.structures import PixelData
from mmseg.models.segmentors import BaseSegmentor
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

from ...deployment.metadata import check_fits
from ...deployment.runtimes import open_deployed


@MODELS.register_module()
class DeployedSegmentor(BaseSegmentor):
    """Predict with a deployed file in mmseg's test loop.

    Args:
        model_path (str): an OpenVINO IR (``.xml``) or ONNX (``.onnx``) file
            written by ``tools/deployment/export_openvino.py`` or
            ``export_onnx.py``.
        data_preprocessor (dict): the config's preprocessor without
            normalisation or channel flip (the graph does them).
        classes (Sequence[str], optional): the config's class names; a file
            exported for others is refused.
        num_classes (int, optional): the config's class count; idem.
        config (str, optional): the config's name, for the messages.
        precision (str, optional): 'fp32' / 'bf16' instead of the file's
            (OpenVINO).
        num_threads (int, optional): the runtime's threads.
        train_cfg, test_cfg, pretrained: taken as ``EncoderDecoder`` takes
            them (mmseg's ``init_model`` sets them) and not used.
    """

    def __init__(self, model_path: str, data_preprocessor=None,
                 classes: Optional[Sequence[str]] = None,
                 num_classes: Optional[int] = None,
                 config: Optional[str] = None,
                 precision: Optional[str] = None,
                 num_threads: Optional[int] = None, train_cfg=None,
                 test_cfg=None, pretrained=None, init_cfg=None):
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.runtime = open_deployed(model_path, precision, num_threads)
        self.meta = self.runtime.meta
        check_fits(self.meta, model_path, classes, num_classes, config)
        self.model_path = model_path
        self.test_cfg = test_cfg
        self.align_corners = bool(self.meta.get('align_corners', False))
        self.num_classes = self.meta['num_classes']
        self.out_channels = self.num_classes
        meta = dict(classes=tuple(self.meta['classes']))
        if self.meta.get('palette'):
            meta['palette'] = [list(c) for c in self.meta['palette']]
        self.dataset_meta = meta

    def _run(self, inputs: torch.Tensor) -> torch.Tensor:
        """The graph on every image of the batch: labels (N, H, W) or
        logits (N, C, H, W)."""
        x = inputs.detach().float().cpu().numpy()
        return torch.from_numpy(np.concatenate(
            [self.runtime(x[i:i + 1]) for i in range(len(x))]))

    def predict(self, inputs: torch.Tensor,
                data_samples: Optional[List[SegDataSample]] = None):
        out = self._run(inputs)
        if data_samples is None:
            h, w = inputs.shape[-2:]
            data_samples = [SegDataSample(metainfo=dict(
                img_shape=(h, w), ori_shape=(h, w))) for _ in inputs]
        if self.meta['output'] == 'logits':
            return self.postprocess_result(out, data_samples)
        return self._labels_result(out, data_samples)

    @staticmethod
    def _labels_result(labels, data_samples):
        h, w = labels.shape[-2:]
        for i, sample in enumerate(data_samples):
            meta = sample.metainfo
            left, right, top, bottom = meta.get(
                'img_padding_size', meta.get('padding_size', [0] * 4))
            lab = labels[i:i + 1, top:h - bottom, left:w - right]
            if meta.get('flip'):
                dims = (1, ) if meta['flip_direction'] == 'vertical' else (2,)
                lab = lab.flip(dims)
            ori = tuple(meta.get('ori_shape', lab.shape[-2:]))[:2]
            if tuple(lab.shape[-2:]) != ori:
                lab = F.interpolate(lab[None].float(), size=ori,
                                    mode='nearest')[0].long()
            sample.set_data(dict(pred_sem_seg=PixelData(data=lab.long())))
        return data_samples

    def _forward(self, inputs, data_samples=None):
        return self._run(inputs)

    def encode_decode(self, inputs, batch_img_metas):
        if self.meta['output'] != 'logits':
            raise NotImplementedError(
                f'deployed model "{self.model_path}" returns labels, not '
                'logits: export it with --graph-output logits')
        return self._run(inputs)

    def extract_feat(self, inputs):
        raise NotImplementedError('a deployed model has no features to '
                                  'extract: it runs the whole graph')

    def loss(self, inputs, data_samples):
        raise NotImplementedError(
            f'deployed model "{self.model_path}" cannot be trained: train '
            'the PyTorch config and export again')


__all__ = ['DeployedSegmentor']
