# CPU-friendly runtime: gloo for torchrun DDP, no cudnn, frequent logs.
# Data loader worker counts live with the data loaders (in the leaf config):
# on CPU use num_workers<=2 and persistent_workers=False when num_workers=0
# (tools/train.py turns persistent workers off there automatically).
_base_ = ['./default_runtime.py']
env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='gloo'),
)
# DDP of a CPU module needs device_ids=None (mmengine passes [LOCAL_RANK]).
model_wrapper_cfg = dict(type='MMDistributedDataParallel', device_ids=None,
                         broadcast_buffers=False, find_unused_parameters=False)
log_processor = dict(by_epoch=False, window_size=10)
