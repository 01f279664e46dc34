# A slim SeqResNet-B (ImageNet layout at 1/8 width: stages 16/32/64/128,
# group widths 8/8/16/16, one block per stage; output stride 8) with the
# demo's FCN head, from scratch on the embedded demo data, on the demo
# FCN's CPU schedule.
_base_ = [
    '../_base_/models/fcn_seqresnet-b-w8_d8.py', '../_base_/datasets/demo.py',
    '../_base_/cpu_runtime.py', '../_base_/schedules/demo_2k.py'
]
crop_size = (96, 128)
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=dict(num_classes=11))
# bf16 from the schedule (training steps 1.35x float32 on the CPU);
# channels_last adds nothing on top at this width (measured)
