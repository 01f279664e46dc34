"""A real mmengine ``Runner`` on a toy model and dataset, for the hooks
that act on the training loop itself (resume, timing): each item takes
``delay`` seconds to load and draws from numpy's and Python's global
generators, as mmcv's random transforms do; the model records the batches
it is given."""
import random
import time

import numpy as np
import torch
from mmengine.model import BaseModel
from mmengine.runner import Runner


class DrawingItems(torch.utils.data.Dataset):
    """Items of 2 values: the index and a numpy + Python random draw."""
    loads = 0  # items loaded in this process

    def __init__(self, delay: float = 0.0, size: int = 1000) -> None:
        self.delay, self.size = delay, size

    def __len__(self):
        return self.size

    def __getitem__(self, i):
        DrawingItems.loads += 1
        if self.delay:
            time.sleep(self.delay)
        jitter = np.random.rand() + random.random()
        return dict(inputs=torch.tensor([float(i), jitter]))


class RecordingToy(BaseModel):
    """One parameter; every training batch is appended to ``seen``."""
    seen = []

    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(2))

    def forward(self, inputs, data_samples=None, mode='loss'):
        RecordingToy.seen.append(inputs.detach().clone())
        return dict(loss=((inputs - self.w)**2).mean())


def toy_runner(work_dir, max_iters, resume=False, name='toy', delay=0.0,
               ckpt_every=4, hooks=(), num_workers=0, epochs=None):
    """A Runner of ``max_iters`` iterations, checkpoints every
    ``ckpt_every``, seed 0, logger every 5 iterations; with ``epochs``,
    epoch-based over 8 items (``max_iters`` unused)."""
    if epochs:
        train_cfg = dict(by_epoch=True, max_epochs=epochs)
        sampler, size = dict(type='DefaultSampler', shuffle=True), 8
    else:
        train_cfg = dict(by_epoch=False, max_iters=max_iters)
        sampler, size = dict(type='InfiniteSampler', shuffle=True), 1000
    return Runner(
        model=RecordingToy(), work_dir=str(work_dir), experiment_name=name,
        train_dataloader=dict(
            dataset=DrawingItems(delay, size), batch_size=2,
            num_workers=num_workers, sampler=sampler,
            collate_fn=dict(type='default_collate')),
        train_cfg=train_cfg,
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        default_hooks=dict(logger=dict(type='LoggerHook', interval=5),
                           checkpoint=dict(type='CheckpointHook',
                                           interval=ckpt_every,
                                           by_epoch=bool(epochs))),
        custom_hooks=list(hooks), resume=resume,
        randomness=dict(seed=0), default_scope='mmseg')
