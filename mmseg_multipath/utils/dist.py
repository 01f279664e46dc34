"""CPU data-parallel training with mmengine's DDP launched by torchrun.

mmengine 0.10.7's ``init_dist('pytorch')`` calls ``torch.cuda.set_device``
unconditionally and its ``Runner.wrap_model`` passes ``device_ids=[rank]``
to DDP; both fail on a machine without a GPU. :func:`setup_cpu_distributed`
initialises the process group with gloo itself (so mmengine skips its own
``init_dist``) and makes DDP wrap the CPU module with ``device_ids=None``.
On a machine with CUDA it does nothing.
"""
import os

import torch
import torch.distributed as dist


def setup_cpu_distributed(cfg, launcher: str) -> bool:
    """Prepare ``cfg`` and the process group for DDP on CPU.

    Args:
        cfg (mmengine.Config): the run's config (``model_wrapper_cfg`` and
            ``env_cfg.dist_cfg`` are filled in when absent).
        launcher (str): 'none', 'pytorch', 'slurm' or 'mpi'.

    Returns:
        bool: True if a CPU process group was initialised here.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return False
    if launcher != 'pytorch':
        raise ValueError(f'--launcher {launcher} on CPU is not supported; '
                         'use torchrun with --launcher pytorch.')
    cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    cfg.env_cfg.dist_cfg['backend'] = 'gloo'
    wrapper = cfg.get('model_wrapper_cfg') or {}
    wrapper.setdefault('type', 'MMDistributedDataParallel')
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
    if not dist.is_initialized():
        dist.init_process_group(
            backend='gloo', rank=int(os.environ['RANK']),
            world_size=int(os.environ['WORLD_SIZE']))
    return True
