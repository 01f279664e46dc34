# The "Wider or Deeper" fine-tuning augmentation (ademxapp README), as edits
# of a data set base's train pipeline for
# mmseg_multipath.datasets.edit_pipeline: random scale 0.7-1.3, crops of 500
# rounded up to 504 (a multiple of the output stride 8) without the
# class-ratio limit, flips, no photometric jitter (its place takes the
# padding to the crop). A leaf config lists this file after its data set
# base and applies ``edit_pipeline(_base_.train_pipeline,
# **_base_.finetune_augment)``.
finetune_crop = (504, 504)
finetune_augment = dict(
    RandomResize=dict(ratio_range=(0.7, 1.3)),
    RandomCrop=dict(crop_size=finetune_crop, cat_max_ratio=1.0),
    PhotoMetricDistortion=[dict(type='Pad', size=finetune_crop)])
