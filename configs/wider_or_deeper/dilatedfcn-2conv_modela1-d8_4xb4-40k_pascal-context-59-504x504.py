# Model A1, '2 conv', PASCAL Context, 59 classes (background ignored). The
# paper's
# recipe: random scale 0.7-1.3, crop 504, 504, batch 16, lr 0.0016 fixed then
# linear decay, frozen BN statistics, OHEM. Schedule length
# unpublished: mmseg's 40k for Context, split 3:1 fixed / decaying.
_base_ = [
    '../_base_/models/wider_resnet_a1_d8_2conv.py',
    '../_base_/datasets/pascal_context_59.py',
    '../_base_/augmentations/wider_or_deeper_finetune.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/wider_or_deeper_40k.py'
]
from mmseg_multipath.datasets.edit_pipeline import edit_pipeline  # noqa

crop_size = (504, 504)
train_pipeline = edit_pipeline(_base_.train_pipeline,
                               **_base_.finetune_augment)
train_dataloader = dict(batch_size=4, dataset=dict(pipeline=train_pipeline))
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(num_classes=59))
