# The EncoderDecoder frame the project's segmentation models share:
# mmseg's ImageNet normalisation (images read as BGR, fed as RGB), padding
# with 0 and with the void label 255, whole-image testing. Model bases
# inherit it and add the backbone and the heads.
data_preprocessor = dict(
    type='SegDataPreProcessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True,
    pad_val=0,
    seg_pad_val=255)
model = dict(
    type='EncoderDecoder',
    data_preprocessor=data_preprocessor,
    pretrained=None,
    train_cfg=dict(),
    test_cfg=dict(mode='whole'))
