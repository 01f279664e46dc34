"""``--fuse-conv-bn`` in tools/test.py (FoldConvBNHook, after the
checkpoint is loaded) and tools/predict.py: BN folded into the convs of the
inference path, the labels of mmseg's own inference on the unfolded
model."""
import os

import cv2
import torch
import torch.nn as nn

from mmseg_multipath.apis import load_inference_model
from mmseg_multipath.models.fold_conv_bn import fold_segmentor
from ..conftest import DEMO_CONFIG, run_tool


def test_fold_segmentor_keeps_the_logits(demo_checkpoint):
    model, _ = load_inference_model(DEMO_CONFIG, str(demo_checkpoint))
    x = torch.randn(1, 3, 96, 128)
    metas = [dict(img_shape=(96, 128), ori_shape=(96, 128),
                  pad_shape=(96, 128))]
    with torch.no_grad():
        ref = model.encode_decode(x, metas)
        n_bn = sum(isinstance(m, nn.BatchNorm2d) for m in model.modules())
        pairs = fold_segmentor(model)
        out = model.encode_decode(x, metas)
    assert pairs and len(pairs) <= n_bn
    assert sum(isinstance(m, nn.BatchNorm2d)
               for m in model.modules()) == n_bn - len(pairs)
    torch.testing.assert_close(out, ref, rtol=1e-4, atol=1e-4)


def test_predict_and_test_tools_fold(demo_root, demo_checkpoint, tmp_path):
    img_dir = os.path.join(demo_root, 'img_dir', 'test')
    img = os.path.join(img_dir, sorted(os.listdir(img_dir))[0])
    r = run_tool(['tools/predict.py', DEMO_CONFIG, str(demo_checkpoint), img,
                  '-o', str(tmp_path / 'fused'), '--fuse-conv-bn'])
    assert r.returncode == 0, r.stderr[-3000:]
    n = int(r.stdout.split('folded ')[1].split()[0])
    assert n > 0
    # mmseg's own inference on the unfolded model is the reference
    script = (
        'import sys, cv2\n'
        'import mmseg_multipath\n'
        'from mmseg.apis import inference_model, init_model\n'
        'cfg, ckpt, img, out = sys.argv[1:]\n'
        "m = init_model(cfg, ckpt, device='cpu')\n"
        'lab = inference_model(m, img).pred_sem_seg.data[0]\n'
        "cv2.imwrite(out, lab.numpy().astype('uint8'))\n")
    ref_png = tmp_path / 'ref.png'
    r = run_tool(['-c', script, DEMO_CONFIG, str(demo_checkpoint), img,
                  str(ref_png)])
    assert r.returncode == 0, r.stderr[-3000:]
    stem = os.path.splitext(os.path.basename(img))[0]
    fused = cv2.imread(str(tmp_path / 'fused' / f'{stem}_label.png'),
                       cv2.IMREAD_UNCHANGED)
    ref = cv2.imread(str(ref_png), cv2.IMREAD_UNCHANGED)
    assert (fused == ref).mean() > 0.999

    r = run_tool(['tools/test.py', DEMO_CONFIG, str(demo_checkpoint),
                  '--fuse-conv-bn', '--work-dir', str(tmp_path / 'w'),
                  '--cfg-options'] +
                 [f'{k}.dataset.data_root={demo_root}'
                  for k in ('val_dataloader', 'test_dataloader')])
    assert r.returncode == 0, r.stderr[-3000:]
    log = r.stdout + r.stderr
    assert f'FoldConvBNHook: folded {n} conv -> BN pairs' in log
    assert 'mIoU' in log
