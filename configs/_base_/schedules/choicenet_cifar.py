# The ChoiceNet paper's classification recipe (section 3.2): SGD, batch
# 128, lr 0.001 for 100 epochs, 1e-4 for the next 100, 1e-5 for the final
# 300 (500 epochs); momentum 0.9 and weight decay 1e-4 (the recipe of [14]
# that the paper reuses). Includes mmpretrain's runtime.
_base_ = ['mmpretrain::_base_/default_runtime.py']
custom_imports = dict(imports=['mmseg_multipath'], allow_failed_imports=False)
optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.001, momentum=0.9,
                                    weight_decay=1e-4))
param_scheduler = dict(type='MultiStepLR', by_epoch=True,
                       milestones=[100, 200], gamma=0.1)
train_cfg = dict(by_epoch=True, max_epochs=500, val_interval=5)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=128)
default_hooks = dict(checkpoint=dict(type='CheckpointHook', interval=5,
                                     save_best='auto', max_keep_ckpts=1))
