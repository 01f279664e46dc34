"""Train and evaluate in the channels_last memory format.

PyTorch's convolutions pick their memory format from their input and
weight: once a model's 4-d parameters are channels_last, the first conv
turns the (NCHW) batch into channels_last activations and every later conv,
norm and activation keeps that layout, forward and backward. On this
project's CPU (oneDNN) a 1x1 conv runs 6x faster forward in channels_last
than in NCHW, and a SeqResNet-B22 training step is about 13% faster (a
torchvision ResNet-50 step about 20%); on GPUs channels_last is what
tensor-core convolutions want in fp16/bf16. mmengine has no switch for
it, so::

    custom_hooks = [dict(type='ChannelsLastHook')]

converts the model in place before training, validation or testing begins
(``before_run``, before the first iteration). Parameters stay the same
objects, so the optimizer keeps its references. mmengine wraps the model
for DDP in the Runner's constructor, before any hook runs: PyTorch's DDP
then keeps gradient buckets in the old layout and copies each gradient
into them (it warns once); measured here only in single-process runs.
Checkpoints are unaffected: tensors load into either layout. Only the
layout changes, not the numbers (up to the floating-point reordering of a
different kernel, and up to ties: max pooling over equal values, e.g. the
zeros after a ReLU, may pick another position in either layout, which
SegNet's unpooling then carries into its decoder).

Refused on the CPU for models whose channels_last weight gradient oneDNN
gets wrong (1x1 strided convs with fewer than 16 input channels; see
``mmseg_multipath/utils/channels_last.py``): of this project's configs,
the two 1/8-width Model A1 ones (``backbone.b2.0.shortcut``).
"""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmseg.registry import HOOKS

from ...utils.channels_last import channels_last


@HOOKS.register_module()
class ChannelsLastHook(Hook):
    """Convert the model's 4-d parameters and buffers to channels_last."""
    priority = 'VERY_HIGH'

    def before_run(self, runner) -> None:
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        channels_last(model, backward=True,
                      who='ChannelsLastHook (remove it from custom_hooks '
                      'for this model)')
        n = sum(p.dim() == 4 for p in model.parameters())
        runner.logger.info(f'ChannelsLastHook: {n} 4-d parameters now '
                           'channels_last')
