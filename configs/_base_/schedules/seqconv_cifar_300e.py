# SeqConv's CIFAR recipe (official Demo.py): 300 epochs, batch 64, SGD
# nesterov momentum 0.9, lr 0.1 x0.1 at 50% and 75%, weight decay 1e-4.
# Includes mmpretrain's runtime.
_base_ = ['mmpretrain::_base_/default_runtime.py']
custom_imports = dict(imports=['mmseg_multipath'], allow_failed_imports=False)
optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.1, momentum=0.9,
                                    weight_decay=1e-4, nesterov=True))
param_scheduler = dict(type='MultiStepLR', by_epoch=True,
                       milestones=[150, 225], gamma=0.1)
train_cfg = dict(by_epoch=True, max_epochs=300, val_interval=5)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=64)
