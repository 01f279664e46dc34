"""Random ``SegDataSample`` batches, for benchmarks and tests."""
import torch
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample


def random_seg_samples(n, num_classes, height, width, metainfo=True,
                       device='cpu', generator=None):
    """``n`` SegDataSamples with random labels in ``0..num_classes-1`` of
    ``height x width`` and (``metainfo``) the shape keys a model's loss
    reads."""
    samples = []
    for _ in range(n):
        s = SegDataSample()
        s.gt_sem_seg = PixelData(data=torch.randint(
            0, num_classes, (1, height, width), generator=generator).to(
                device))
        if metainfo:
            shape = (height, width)
            s.set_metainfo(dict(img_shape=shape, ori_shape=shape,
                                pad_shape=shape))
        samples.append(s)
    return samples
