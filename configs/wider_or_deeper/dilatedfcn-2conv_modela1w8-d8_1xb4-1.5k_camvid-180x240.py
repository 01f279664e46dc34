# Model A1 + '2 conv' (OS 8, OHEM) at 1/8 width on real CamVid, from
# scratch (BN statistics train), trainable on a CPU in ~7 min: the
# short-run protocol of the ChoiceNet README (180x240 frames, batch 4,
# Adam 1e-3 constant, 1,500 iterations).
_base_ = [
    '../_base_/models/wider_resnet_a1w8_d8_2conv.py',
    '../_base_/datasets/camvid_180x240.py', '../_base_/default_runtime.py',
    '../_base_/schedules/camvid_short_adam_1.5k.py'
]
crop_size = (180, 240)
model = dict(data_preprocessor=dict(size=crop_size))
# bf16 autocast on a CPU with native bf16 (training step 200 ms vs 331 ms
# in float32, batch 4 at 180x240; float32 elsewhere); no channels_last:
# refused for training (oneDNN #6035, backbone.b2.0.shortcut)
optim_wrapper = dict(type='AutocastOptimWrapper')
