# The slim SeqResNet-B of the demo (ImageNet layout at 1/8 width, one block
# per stage, output stride 8) with an FCN head on real CamVid, trainable on
# a CPU in minutes: the short-run protocol of the ChoiceNet README
# (half-resolution frames 180x240, batch 4, Adam 1e-3 constant, 1,500
# iterations, from scratch; resume with --cfg-options
# train_cfg.max_iters=3000 param_scheduler.0.end=3000 for 3,000).
_base_ = [
    '../_base_/models/fcn_seqresnet-b-w8_d8.py',
    '../_base_/datasets/camvid_180x240.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/camvid_short_adam_1.5k.py'
]
crop_size = (180, 240)
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(num_classes=11))
# bf16 autocast + channels_last on a CPU with native bf16 (training step
# 136 ms vs 163 ms in float32, batch 4 at 180x240; float32 elsewhere)
optim_wrapper = dict(type='AutocastOptimWrapper')
custom_hooks = _base_.custom_hooks + [dict(type='ChannelsLastHook')]
