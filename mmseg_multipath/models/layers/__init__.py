"""Shared building blocks (norms, convolutions, blocks) of the toolbox."""
from .agc import AGC, AGCFunction, agc_reference
from .agc_fusion import fuse_agc, fuse_agc_act, fuse_norm_act, fuse_sequential
from .agc_init import init_agc_gains
from .choice_block import ChoiceBlock
from .choice_module import ChoiceModule
from .max_avg_pool import MaxAvgPool
from .residual_add import ResidualAdd
from .seq_conv import SeqConvLayer
from .seq_conv2d import SeqConv2d, WSeqConv2d
from .shared_res_block import SharedResBlock

__all__ = [
    'AGC', 'AGCFunction', 'agc_reference', 'fuse_agc_act', 'fuse_norm_act',
    'fuse_sequential', 'fuse_agc', 'init_agc_gains', 'SharedResBlock',
    'SeqConvLayer', 'SeqConv2d', 'WSeqConv2d', 'ChoiceModule', 'ChoiceBlock',
    'MaxAvgPool', 'ResidualAdd'
]
