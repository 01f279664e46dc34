"""SeqConv as a drop-in conv in stock mmseg heads: every parameter gets a
gradient, so torch's DDP runs with find_unused_parameters=False; 1x1
convs (ASPP's 1x1 branch) are SeqConvs too."""
import os
import socket

import pytest
import torch
import torch.multiprocessing as mp
from mmengine.registry import init_default_scope
from mmseg.registry import MODELS

import mmseg_multipath  # noqa: F401

FCN = dict(type='FCNHead', in_channels=32, channels=32, num_convs=2,
           concat_input=True, num_classes=5, norm_cfg=dict(type='BN'),
           conv_cfg=dict(type='WSeqConv2d', group_width=8))
ASPP = dict(type='ASPPHead', in_channels=32, channels=16,
            dilations=(1, 2, 3), num_classes=5, norm_cfg=dict(type='BN'),
            conv_cfg=dict(type='WSeqConv2d', group_width=8))


def _head(cfg):
    init_default_scope('mmseg')
    return MODELS.build(cfg)


@pytest.mark.parametrize('cfg', [
    FCN, ASPP, dict(FCN, conv_cfg=dict(type='SeqConv2d', group_width=8)),
    dict(FCN, conv_cfg=dict(type='WSeqConv2d', group_width=8,
                            bottleneck=True))],
    ids=['fcn-wseqconv', 'aspp-wseqconv', 'fcn-dense', 'fcn-bottleneck'])
def test_every_parameter_receives_a_gradient(cfg):
    torch.manual_seed(0)
    head = _head(cfg)
    head.train()
    head([torch.randn(2, 32, 9, 9)]).square().mean().backward()
    unused = [n for n, p in head.named_parameters() if p.grad is None]
    assert not unused, unused


def test_aspp_1x1_branch_is_a_seqconv():
    head = _head(ASPP)
    head.eval()  # (the image-pool branch's BN needs a batch > 1 to train)
    one = head.aspp_modules[0].conv
    assert type(one).__name__ == 'WSeqConv2d'
    assert one.kernel_size == (1, 1)
    assert all(g.conv.kernel_size == (1, 1) for g in one.groups_)
    assert head([torch.randn(1, 32, 7, 7)]).shape == (1, 5, 7, 7)


def _ddp_worker(rank, port, cfg, out):
    os.environ.update(MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port))
    torch.distributed.init_process_group('gloo', rank=rank, world_size=2)
    try:
        torch.manual_seed(0)
        head = _head(cfg)
        ddp = torch.nn.parallel.DistributedDataParallel(
            head, find_unused_parameters=False)
        opt = torch.optim.SGD(ddp.parameters(), lr=0.1)
        torch.manual_seed(rank)
        for _ in range(2):  # the second step fails if a grad was missing
            opt.zero_grad()
            ddp([torch.randn(2, 32, 9, 9)]).square().mean().backward()
            opt.step()
        out[rank] = float(sum(p.sum() for p in head.parameters()))
    finally:
        torch.distributed.destroy_process_group()


def test_two_process_ddp_without_find_unused_parameters(cfg=FCN):
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    with mp.Manager() as manager:
        out = manager.dict()
        mp.spawn(_ddp_worker, args=(port, cfg, out), nprocs=2, join=True)
        assert out[0] == pytest.approx(out[1], rel=1e-6)  # replicas agree


def test_one_registry_key_per_drop_in_class():
    """The drop-ins are registered under their class names only; the
    two-stream SeqConvLayer (returns (raw, act)) is not registered."""
    from mmengine.registry import MODELS as ROOT_MODELS

    from mmseg_multipath.models.layers import SeqConv2d, WSeqConv2d
    assert ROOT_MODELS.get('WSeqConv2d') is WSeqConv2d
    assert ROOT_MODELS.get('SeqConv2d') is SeqConv2d
    for name in ('WSeqConv', 'SeqConv', 'SeqConvLayer'):
        assert ROOT_MODELS.get(name) is None, name
